import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, ErrorCode, ValidationFailed, type FieldError } from '@cix/contracts';
import { isDatabaseUnavailable } from './database.js';
import { AUTH_BLOCKED } from './rate-limit.js';
import { preferredLanguage, translateFieldError, translateMessage, type Language } from './error-messages.catalogue.js';

/** How many field errors a 400 lists; `errorCount` gives the total. */
export const MAX_LISTED_ERRORS = 100;

const STATUS_BY_CODE: Record<string, number> = {
  [ErrorCode.ValidationFailed]: 400,
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.StreamVersionConflict]: 409,
  [ErrorCode.IdempotencyKeyReused]: 422,
  [ErrorCode.AlertInvalidState]: 409,
  [ErrorCode.FeedbackAlreadyGiven]: 409,
  [ErrorCode.FeedbackVersionConflict]: 409,
  [ErrorCode.InformationRequestAlreadySent]: 409,
  [ErrorCode.InformationRequestAlreadyAnswered]: 409,
  [ErrorCode.HubUnavailable]: 503,
  [ErrorCode.StoreUnavailable]: 503,
  [ErrorCode.AccessLogUnavailable]: 503,
  [ErrorCode.PayloadTooLarge]: 413,
  [ErrorCode.RateLimited]: 429,
};

/** Not the driver's message: it may carry statement parameters, i.e. other callers' data. */
const DATABASE_UNAVAILABLE = 'the database is unavailable at the moment; retry (a write repeated with the same Idempotency-Key is stored once)';

/** The one place where errors become HTTP answers. Bad input is never a 500. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly log = new Logger('HttpErrorFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const res = host.switchToHttp().getResponse<Response>();
    let [status, body] = this.describe(error);
    // An address over the failed-authentication limit gets 429 instead of another 401.
    const blocked = res.locals?.[AUTH_BLOCKED] as (() => unknown) | undefined;
    if (status === 401 && blocked) [status, body] = [429, blocked()];
    if (status >= 500) this.log.error((error as Error)?.stack ?? String(error));
    if (status === 503) res.setHeader('Retry-After', '1');
    const lang = preferredLanguage(host.switchToHttp().getRequest<Request>()?.headers?.['accept-language']);
    res.setHeader('Content-Language', lang);
    res.vary?.('Accept-Language'); // appends: other Vary values stay
    res.status(status).json(localise(body, lang));
  }

  private describe(error: unknown): [number, unknown] {
    // Listed errors are capped: a large upload full of mistakes must not answer megabytes.
    if (error instanceof ValidationFailed)
      return [400, { code: error.code, errors: error.errors.slice(0, MAX_LISTED_ERRORS), errorCount: Math.max(error.total, error.errors.length) }];
    if (error instanceof DomainError) return [STATUS_BY_CODE[error.code] ?? 400, { code: error.code, message: error.message, ...error.details }];
    // body-parser errors (Nest wraps them in an HttpException) carry their own status:
    // oversized (413), malformed JSON (400), bad charset (415).
    const e = ((error as { cause?: unknown })?.cause ?? error) as { status?: number; type?: string; message?: string };
    if (typeof e?.type === 'string' && typeof e.status === 'number') return this.bodyParserError(e as { status: number; type: string; message: string });
    if (error instanceof HttpException) {
      const r = error.getResponse();
      if (typeof r === 'object' && r !== null && 'code' in r) return [error.getStatus(), r];
      // Nest's own answers (an unknown route, say) get the documented shape too.
      if (error.getStatus() === 404) return [404, { code: ErrorCode.NotFound, message: 'not found' }];
      return [error.getStatus(), { code: `HTTP.${error.getStatus()}`, message: typeof r === 'string' ? r : error.message }];
    }
    // A database that is down or restarting is the caller's cue to retry, not a bug: any read or
    // write that meets it (not only the append, which says so itself) answers 503 with Retry-After.
    if (isDatabaseUnavailable(error)) return [503, { code: ErrorCode.StoreUnavailable, message: DATABASE_UNAVAILABLE }];
    return [500, { code: 'INTERNAL', message: 'internal error' }];
  }

  private bodyParserError(e: { status: number; type: string; message: string }): [number, unknown] {
    if (e.status >= 400 && e.status < 500) {
      if (e.status === 400)
        return [
          400,
          { code: ErrorCode.ValidationFailed, errors: [{ field: 'body', rule: 'json', message: `body is not valid JSON: ${e.message}` }], errorCount: 1 },
        ];
      return [e.status, { code: e.type === 'entity.too.large' ? 'REQUEST.TOO_LARGE' : 'REQUEST.REJECTED', message: e.message }];
    }
    return [500, { code: 'INTERNAL', message: 'internal error' }];
  }
}

/** Messages in the caller's language; codes, fields and rules stay as they are. */
function localise(body: unknown, lang: Language): unknown {
  if (lang === 'en' || !body || typeof body !== 'object') return body;
  const b = body as { code?: unknown; message?: unknown; errors?: unknown };
  const out: Record<string, unknown> = { ...b };
  if (Array.isArray(b.errors)) out.errors = (b.errors as FieldError[]).map((e) => translateFieldError(e, lang));
  if (typeof b.code === 'string' && typeof b.message === 'string') out.message = translateMessage(b.code, b.message, lang);
  return out;
}

import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { DomainError, ErrorCode, ValidationFailed } from '@cix/contracts';
import type { Response } from 'express';

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
  [ErrorCode.HubUnavailable]: 503,
  [ErrorCode.StoreUnavailable]: 503,
  [ErrorCode.PayloadTooLarge]: 413,
  [ErrorCode.RateLimited]: 429,
};

/** The one place where errors become HTTP answers. Bad input is never a 500. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly log = new Logger('HttpErrorFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const res = host.switchToHttp().getResponse<Response>();
    const [status, body] = this.describe(error);
    if (status >= 500) this.log.error((error as Error)?.stack ?? String(error));
    if (status === 503) res.setHeader('Retry-After', '1');
    res.status(status).json(body);
  }

  private describe(error: unknown): [number, unknown] {
    // Listed errors are capped: a large upload full of mistakes must not answer megabytes.
    if (error instanceof ValidationFailed) return [400, { code: error.code, errors: error.errors.slice(0, MAX_LISTED_ERRORS), errorCount: Math.max(error.total, error.errors.length) }];
    if (error instanceof DomainError) return [STATUS_BY_CODE[error.code] ?? 400, { code: error.code, message: error.message, ...error.details }];
    // body-parser errors (Nest wraps them in an HttpException) carry their own status:
    // oversized (413), malformed JSON (400), bad charset (415).
    const e = ((error as { cause?: unknown })?.cause ?? error) as { status?: number; type?: string; message?: string };
    if (typeof e?.type === 'string' && typeof e.status === 'number') return this.bodyParserError(e as { status: number; type: string; message: string });
    if (error instanceof HttpException) {
      const r = error.getResponse();
      return [error.getStatus(), typeof r === 'string' ? { message: r } : r];
    }
    return [500, { code: 'INTERNAL', message: 'internal error' }];
  }

  private bodyParserError(e: { status: number; type: string; message: string }): [number, unknown] {
    if (e.status >= 400 && e.status < 500) {
      if (e.status === 400) return [400, { code: ErrorCode.ValidationFailed, errors: [{ field: 'body', rule: 'json', message: `body is not valid JSON: ${e.message}` }] }];
      return [e.status, { code: e.type === 'entity.too.large' ? 'REQUEST.TOO_LARGE' : 'REQUEST.REJECTED', message: e.message }];
    }
    return [500, { code: 'INTERNAL', message: 'internal error' }];
  }
}

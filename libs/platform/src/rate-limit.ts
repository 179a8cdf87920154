import { SetMetadata, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import type { Observable } from 'rxjs';
import { DomainError, ErrorCode } from '@cix/contracts';

export interface RateLimits {
  readonly windowSeconds: number;
  /** Writes (POST, PUT, PATCH, DELETE) per caller per window; 0 = no limit. */
  readonly writes: number;
  /** Exports (routes marked `@Export()`) per caller per window; 0 = no limit. */
  readonly exports: number;
  /** Failed authentications (401 answers) per client address per window; 0 = no limit. */
  readonly authFailures: number;
}

/**
 * Counts hits per key in fixed windows. In memory, per process: with several replicas each
 * enforces its own share, which is what a limit against one abusive caller needs.
 */
export class WindowCounter {
  private readonly windows = new Map<string, { count: number; endsAt: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until the key may try again when it is over the limit, else null. */
  blockedFor(key: string): number | null {
    const w = this.current(key);
    return this.limit > 0 && w && w.count >= this.limit ? Math.max(1, Math.ceil((w.endsAt - this.now()) / 1000)) : null;
  }

  /** Counts one hit; answers like `blockedFor` once the hit went over the limit. */
  hit(key: string): number | null {
    if (this.limit <= 0) return null;
    const w = this.current(key) ?? { count: 0, endsAt: this.now() + this.windowMs };
    if (w.count >= this.limit) return this.blockedFor(key);
    w.count++;
    this.windows.set(key, w);
    if (this.windows.size > 50_000) this.sweep();
    return null;
  }

  private current(key: string) {
    const w = this.windows.get(key);
    if (w && w.endsAt <= this.now()) {
      this.windows.delete(key);
      return undefined;
    }
    return w;
  }

  private sweep(): void {
    const now = this.now();
    for (const [k, w] of this.windows) if (w.endsAt <= now) this.windows.delete(k);
  }
}

const EXPORT = 'cix:export';
/** Marks a route whose answers are exports (rate-limited as such); `whenAccepts` limits that to one media type. */
export const Export = (opts: { whenAccepts?: string } = {}) => SetMetadata(EXPORT, opts);

function tooMany(res: Response, retryAfter: number, what: string): DomainError {
  res.setHeader('Retry-After', String(retryAfter));
  return new DomainError(ErrorCode.RateLimited, `too many ${what}: retry after ${retryAfter} s`, { retryAfterSeconds: retryAfter });
}

/**
 * Limits writes and exports per authenticated caller. An interceptor, so it runs after the
 * authentication guard (it keys on the verified principal) and before any pipe or handler work.
 */
export class RateLimitInterceptor implements NestInterceptor {
  private readonly reflector = new Reflector();
  private readonly writes: WindowCounter;
  private readonly exports: WindowCounter;

  constructor(limits: RateLimits) {
    this.writes = new WindowCounter(limits.writes, limits.windowSeconds * 1000);
    this.exports = new WindowCounter(limits.exports, limits.windowSeconds * 1000);
  }

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<Request & { principal?: { agency: string; sub: string } }>();
    const res = ctx.switchToHttp().getResponse<Response>();
    const caller = req.principal ? `${req.principal.agency}/${req.principal.sub}` : `ip:${req.ip}`;
    if (!['GET', 'HEAD', 'OPTIONS'].includes(req.method)) {
      const wait = this.writes.hit(caller);
      if (wait !== null) throw tooMany(res, wait, 'writes');
    }
    const exp = this.reflector.get<{ whenAccepts?: string } | undefined>(EXPORT, ctx.getHandler());
    if (exp && (!exp.whenAccepts || (req.headers.accept ?? '').toLowerCase().includes(exp.whenAccepts))) {
      const wait = this.exports.hit(caller);
      if (wait !== null) throw tooMany(res, wait, 'exports');
    }
    return next.handle();
  }
}

/**
 * Limits failed authentications per client address (`req.ip`, so behind a proxy TRUST_PROXY must
 * be set): once over the limit, the address gets 429 until the window ends, so tokens cannot be
 * guessed or replayed at speed. Express middleware, before anything else looks at the request.
 */
/** Set on a response whose client address is over the failed-authentication limit. */
export const AUTH_BLOCKED = 'cixAuthBlocked';

export function authFailureLimiter(limits: RateLimits) {
  const failures = new WindowCounter(limits.authFailures, limits.windowSeconds * 1000);
  return (req: Request, res: Response, next: NextFunction) => {
    // Health probes come from the orchestrator's address: never lock them out.
    if (req.path === '/health') return next();
    const key = req.ip ?? 'unknown';
    const wait = failures.blockedFor(key);
    // A blocked address is not refused up front: a whole agency may sit behind one address, so a
    // caller whose token verifies is served; only a request that would fail authentication gets
    // the 429 instead of its 401 (the error filter reads this mark).
    if (wait !== null) {
      res.locals[AUTH_BLOCKED] = () => {
        const e = tooMany(res, failures.blockedFor(key) ?? wait, 'failed authentications');
        return { code: e.code, message: e.message, ...e.details };
      };
      return next();
    }
    res.on('finish', () => {
      if (res.statusCode === 401) failures.hit(key);
    });
    next();
  };
}

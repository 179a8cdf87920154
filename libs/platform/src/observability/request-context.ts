import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export const REQUEST_ID_HTTP_HEADER = 'X-Request-Id';

const store = new AsyncLocalStorage<{ readonly requestId: string }>();

/**
 * A caller's id is kept only when it is bounded printable ASCII: it is logged, echoed, stored in
 * the signed event's metadata and sent as a NATS header, so nothing that could break a log line or a
 * header (control characters, spaces, quotes, unbounded length) is taken.
 */
export const saneRequestId = (value: unknown): string | undefined =>
  typeof value === 'string' && /^[A-Za-z0-9._:@/+=-]{1,128}$/.test(value) ? value : undefined;

/** The id of the HTTP request being served, when there is one (logs and event metadata read it). */
export const currentRequestId = (): string | undefined => store.getStore()?.requestId;

/** Runs `fn` as if serving the request with this id (a background job can adopt one). */
export const withRequestId = <T>(requestId: string, fn: () => T): T => store.run({ requestId }, fn);

/** Express middleware: take `X-Request-Id` if sane, else a new UUID; echo it; make it current for the request. */
export function requestIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  const requestId = saneRequestId(req.headers['x-request-id']) ?? randomUUID();
  res.setHeader(REQUEST_ID_HTTP_HEADER, requestId);
  store.run({ requestId }, next);
}

/**
 * Calls to the officer's own national node (`useSession().nodeUrl`, another origin the node allows
 * by CORS). The hub's typed client covers the hub only: the node's shapes are written out in node-types.ts.
 */
import { authorizedFetch } from '../app/http';
import type { Session } from '../app/session';
import type { ErrorBody } from './node-types';

export type * from './node-types';

/** The node answered (any status); `body` is its JSON, or null. */
export interface NodeAnswer<T> {
  readonly status: number;
  readonly ok: boolean;
  readonly body: T & ErrorBody;
}

/** The request never got an answer (offline, connection refused): safe to send again with the same Idempotency-Key. */
export class Unreachable extends Error {}

export interface NodeCaller {
  readonly token: string;
  readonly nodeUrl: string;
  readonly lang: string;
  readonly onUnauthorized?: () => void;
}

export const callerOf = (s: Session): NodeCaller | null =>
  s.nodeUrl ? { token: s.token, nodeUrl: s.nodeUrl, lang: s.lang, onUnauthorized: s.onUnauthorized } : null;

export async function nodeCall<T>(
  caller: NodeCaller,
  path: string,
  init: { method?: 'GET' | 'POST'; body?: unknown; idempotencyKey?: string } = {},
): Promise<NodeAnswer<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.idempotencyKey) headers['idempotency-key'] = init.idempotencyKey;
  let res: Response;
  try {
    res = await authorizedFetch(caller, `${caller.nodeUrl}${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch (e) {
    throw new Unreachable(e instanceof Error ? e.message : String(e));
  }
  const text = await res.text().catch(() => '');
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = { message: text };
  }
  return { status: res.status, ok: res.ok, body: body as T & ErrorBody };
}

/** A new Idempotency-Key (crypto.randomUUID needs a secure context; the fallback does not). */
export function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

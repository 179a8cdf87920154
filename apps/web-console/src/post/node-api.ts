/**
 * Calls to the officer's own national node (`useSession().nodeUrl`, another origin the node allows
 * by CORS). The hub's typed client covers the hub only, so the few shapes read here are written out.
 */
import type { Session } from '../app/session';

export interface FieldError {
  readonly field: string;
  readonly rule: string;
  readonly message: string;
  /** C4: a warning the officer may confirm (`acknowledgedWarnings`), e.g. a container check digit. */
  readonly confirmable?: boolean;
}

export interface ErrorBody {
  readonly code?: string;
  readonly message?: string;
  readonly errors?: FieldError[];
  readonly currentVersion?: number;
}

export interface Distribution {
  readonly level: 'agency' | 'bilateral' | 'regional';
  readonly recipients: string[];
}

export interface Party {
  readonly role: string;
  readonly name: string;
  readonly isPerson?: boolean;
  readonly nationality?: string;
  readonly documentNumber?: string;
  readonly withheld?: boolean;
}

/** An alert as the owner's node shows it (content at the top level, plus its lifecycle). */
export interface NodeAlert {
  readonly id: string;
  readonly agency: string;
  readonly version: number;
  readonly kind: 'seizure' | 'high-risk-consignment';
  readonly unit: string;
  readonly occurredAt: string;
  readonly commodity: { category: string; description: string; hsCode?: string };
  readonly quantity?: { value: number; unit: string };
  readonly containers?: string[];
  readonly vessel?: { name?: string; imo?: string; flag?: string };
  readonly route?: { departure?: string; transit?: string[]; destination?: string };
  readonly locode?: string;
  readonly detectionMethod?: string;
  readonly concealmentMethod?: string;
  readonly conveyance?: string;
  readonly parties?: Party[];
  readonly billOfLading?: string;
  readonly eta?: string;
  readonly riskIndicators?: string[];
  readonly recommendedAction?: string;
  readonly handlingCode?: string;
  readonly sourceReliability?: string;
  readonly informationAccuracy?: string;
  readonly status: 'open' | 'closed' | 'retracted' | 'expired';
  readonly statusReason?: string;
  readonly distribution: Distribution;
  readonly raisedAt: string;
  readonly updatedAt: string;
  readonly expiresAt: string;
  readonly warnings?: FieldError[];
}

export interface HistoryEntry {
  readonly position: number;
  readonly type: string;
  readonly version: number;
  readonly recordedAt: string;
  readonly actor: string;
  readonly unit?: string;
  readonly payload: unknown;
}

export type NodeAlertWithHistory = NodeAlert & { readonly history: HistoryEntry[] };

export interface NodePage {
  readonly items: NodeAlert[];
  readonly nextCursor: string | null;
}

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
  const headers: Record<string, string> = { authorization: `Bearer ${caller.token}`, 'accept-language': caller.lang, accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.idempotencyKey) headers['idempotency-key'] = init.idempotencyKey;
  let res: Response;
  try {
    res = await fetch(`${caller.nodeUrl}${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch (e) {
    throw new Unreachable(e instanceof Error ? e.message : String(e));
  }
  if (res.status === 401) caller.onUnauthorized?.();
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

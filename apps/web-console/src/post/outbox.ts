/**
 * Reports submitted without a connection wait here (localStorage, per user) with the
 * Idempotency-Key they were first sent with, and go out when the browser is back online, from
 * whatever screen is open. A report the node may already have stored (the answer was lost) is
 * sent again with the same key, so the node stores it once.
 */
import { useSyncExternalStore } from 'react';
import { claims } from '../api';
import { ownerOf } from './drafts';
import { nodeCall, Unreachable, type FieldError, type NodeAlert, type NodeCaller } from './node-api';

export interface OutboxItem {
  readonly key: string;
  readonly nodeUrl: string;
  readonly body: Record<string, unknown>;
  readonly summary: string;
  readonly queuedAt: string;
  readonly state: 'queued' | 'delivered' | 'refused';
  readonly deliveredAt?: string;
  readonly alertId?: string;
  readonly agency?: string;
  readonly warnings?: FieldError[];
  readonly errors?: FieldError[];
  readonly lastAttempt?: string;
}

const KEEP_DELIVERED = 20;
const storeKey = (owner: string) => `cix.post.outbox.${owner}`;
const listeners = new Set<() => void>();
let snapshot: { owner: string; raw: string | null; items: OutboxItem[] } = { owner: '', raw: null, items: [] };

export function outboxItems(owner: string): OutboxItem[] {
  const raw = localStorage.getItem(storeKey(owner));
  if (snapshot.owner !== owner || snapshot.raw !== raw) {
    let items: OutboxItem[];
    try {
      items = raw ? (JSON.parse(raw) as OutboxItem[]) : [];
    } catch {
      items = [];
    }
    snapshot = { owner, raw, items };
  }
  return snapshot.items;
}

function write(owner: string, items: OutboxItem[]): void {
  const delivered = items.filter((i) => i.state === 'delivered');
  const kept = items.filter((i) => i.state !== 'delivered' || delivered.indexOf(i) >= delivered.length - KEEP_DELIVERED);
  localStorage.setItem(storeKey(owner), JSON.stringify(kept));
  listeners.forEach((l) => l());
}

const update = (owner: string, key: string, change: Partial<OutboxItem>) =>
  write(
    owner,
    outboxItems(owner).map((i) => (i.key === key ? { ...i, ...change } : i)),
  );

export function enqueue(owner: string, item: Pick<OutboxItem, 'key' | 'nodeUrl' | 'body' | 'summary'>): void {
  if (outboxItems(owner).some((i) => i.key === item.key)) return;
  write(owner, [...outboxItems(owner), { ...item, queuedAt: new Date().toISOString(), state: 'queued' }]);
}

export function discard(owner: string, key: string): void {
  write(
    owner,
    outboxItems(owner).filter((i) => i.key !== key),
  );
}

export function useOutbox(owner: string): OutboxItem[] {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      const onStorage = () => l();
      window.addEventListener('storage', onStorage);
      return () => {
        listeners.delete(l);
        window.removeEventListener('storage', onStorage);
      };
    },
    () => outboxItems(owner),
  );
}

// The session the screens last registered (token renewed, language), else the signed-in token.
let registered: (Omit<NodeCaller, 'nodeUrl'> & { owner: string }) | null = null;
export function registerSender(owner: string, caller: Omit<NodeCaller, 'nodeUrl'>): void {
  registered = { ...caller, owner };
}

function currentCaller(): (Omit<NodeCaller, 'nodeUrl'> & { owner: string }) | null {
  const token = sessionStorage.getItem('cix.token');
  if (!token) return null;
  const owner = ownerOf(claims(token));
  if (registered?.owner === owner) return { ...registered, token };
  return { token, owner, lang: localStorage.getItem('cix.lang') ?? 'en' };
}

let flushing = false;

/** Sends what waits, oldest first; stops at the first report that still finds no connection. */
export async function flushOutbox(): Promise<void> {
  const caller = currentCaller();
  if (flushing || !caller || !navigator.onLine) return;
  flushing = true;
  try {
    for (const item of outboxItems(caller.owner).filter((i) => i.state === 'queued')) {
      const at = new Date().toISOString();
      let r;
      try {
        r = await nodeCall<NodeAlert>({ ...caller, nodeUrl: item.nodeUrl }, '/api/alerts', { method: 'POST', body: item.body, idempotencyKey: item.key });
      } catch (e) {
        if (e instanceof Unreachable) {
          update(caller.owner, item.key, { lastAttempt: at });
          return;
        }
        throw e;
      }
      // Delivered, the report lives on the node: its body (persons included) leaves this browser's storage, which outlives the session.
      if (r.ok)
        update(caller.owner, item.key, { state: 'delivered', deliveredAt: at, alertId: r.body.id, agency: r.body.agency, warnings: r.body.warnings, body: {} });
      // Signed out, rate-limited or the node unwell: the report keeps waiting for a later attempt.
      else if (r.status === 401 || r.status === 429 || r.status >= 500) return update(caller.owner, item.key, { lastAttempt: at });
      else
        update(caller.owner, item.key, {
          state: 'refused',
          errors: r.body.errors ?? [{ field: '', rule: r.body.code ?? String(r.status), message: r.body.message ?? '' }],
        });
    }
  } finally {
    flushing = false;
  }
}

let started = false;
/** Back online, every 15 s while something waits, and at start: the outbox drains from any screen. */
export function startOutbox(): void {
  if (started || typeof window === 'undefined') return;
  started = true;
  const flush = () => void flushOutbox().catch(() => undefined);
  window.addEventListener('online', flush);
  setInterval(flush, 15_000);
  setTimeout(flush, 0);
}

/**
 * Signing out on a shared device: what this browser keeps of the officer's work (persons' names
 * included) goes, except reports still waiting to be sent, which would otherwise be lost; the
 * caller asks before signing out while any wait. Returns how many still wait.
 */
export function forgetDeliveredWork(owner: string): number {
  const waiting = outboxItems(owner).filter((i) => i.state === 'queued');
  if (waiting.length) write(owner, waiting);
  else localStorage.removeItem(storeKey(owner));
  return waiting.length;
}

export const waitingCount = (owner: string): number => outboxItems(owner).filter((i) => i.state === 'queued').length;

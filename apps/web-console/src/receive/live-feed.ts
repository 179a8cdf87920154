/**
 * The hub's live feed for the console, behind one function. It asks for a single-use stream ticket
 * (`POST /api/stream/tickets`, contract C3) and opens an `EventSource` with it, resuming after the
 * last event it received (`lastEventId`); a hub without tickets (404) is read with fetch and the
 * bearer header instead, and since such a hub cannot resume, every reconnect there is a reset
 * (the screen reloads its list). The feed reconnects by itself after a drop or the hub's
 * `reconnect`/`reauthenticate`, and when the browser comes back online. On a bad line a connection
 * can hang without failing: the browser going offline, or no heartbeat (the hub sends one every
 * 15 s) for STALL_MS, drops it and starts again.
 */
import { SseParser, type SseMessage } from './sse-parser';

export interface FeedEvent {
  readonly type: 'alert' | 'feedback' | 'alert.withdrawn';
  readonly id?: string;
  readonly data: { readonly id: string; readonly agency?: string } & Record<string, unknown>;
}

export type FeedStatus = 'connecting' | 'live' | 'offline';

export interface FeedOptions {
  readonly token: string;
  readonly onEvent: (e: FeedEvent) => void;
  /** Events may have been missed: reload what is shown. */
  readonly onReset: () => void;
  readonly onStatus?: (s: FeedStatus) => void;
  readonly onUnauthorized: () => void;
}

const STALL_MS = 40_000;
const CONTENT = new Set(['alert', 'feedback', 'alert.withdrawn']);
const NAMED = ['ready', 'heartbeat', 'alert', 'feedback', 'alert.withdrawn', 'reset', 'reconnect', 'reauthenticate', 'access-log.unavailable'];

export function openLiveFeed(o: FeedOptions): { close(): void } {
  let closed = false;
  let lastEventId: string | undefined;
  let tickets = true;
  let connectedOnce = false;
  /** The id the current connection resumed after, if any. */
  let resumedFrom: string | undefined;
  let attempt = 0;
  /** Closes the current connection; set from the moment a connection is attempted until it ends. */
  let stop: (() => void) | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let watchdog: ReturnType<typeof setTimeout> | undefined;

  /** Any message proves the connection alive; silence past STALL_MS means it is not. */
  const alive = () => {
    clearTimeout(watchdog);
    watchdog = setTimeout(drop, STALL_MS);
  };
  const drop = () => {
    clearTimeout(watchdog);
    if (!stop) return;
    stop();
    ended();
  };

  /** The connection is open (the hub has subscribed it before answering). */
  const opened = () => {
    attempt = 0;
    alive();
    o.onStatus?.('live');
    // Without a point to resume from (a hub without tickets, or no event seen yet), what happened
    // while disconnected is only in a reload.
    if (connectedOnce && (!tickets || !resumedFrom)) o.onReset();
    connectedOnce = true;
  };

  const handle = (m: SseMessage) => {
    alive();
    if (m.id) lastEventId = m.id;
    if (m.type === 'reset' || m.type === 'access-log.unavailable') o.onReset();
    else if (CONTENT.has(m.type)) {
      try {
        o.onEvent({ type: m.type as FeedEvent['type'], id: m.id, data: JSON.parse(m.data) as FeedEvent['data'] });
      } catch {
        o.onReset();
      }
    }
  };

  /** Every connection has a number; what an earlier one reports after it was replaced is ignored. */
  let current = 0;

  const ended = () => {
    current++;
    stop = undefined;
    clearTimeout(watchdog);
    if (closed) return;
    clearTimeout(timer);
    // Offline, the browser's `online` event starts the next attempt.
    if (!navigator.onLine) return o.onStatus?.('offline');
    o.onStatus?.('connecting');
    timer = setTimeout(connect, Math.min(10_000, 500 * 2 ** attempt++));
  };

  const connect = () => {
    if (closed || stop) return;
    const id = ++current;
    const end = () => id === current && ended();
    stop = () => undefined;
    o.onStatus?.('connecting');
    (tickets ? viaTicket(id, end) : viaHeader(end)).catch(end);
  };

  const viaTicket = async (id: number, end: () => void) => {
    const res = await fetch('/api/stream/tickets', { method: 'POST', headers: { authorization: `Bearer ${o.token}` } });
    if (id !== current) return;
    if (res.status === 404) {
      tickets = false;
      return viaHeader(end);
    }
    if (res.status === 401) return unauthorized();
    if (!res.ok) throw new Error(String(res.status));
    const { ticket } = (await res.json()) as { ticket: string };
    if (id !== current) return;
    resumedFrom = lastEventId;
    const q = new URLSearchParams({ ticket, ...(lastEventId ? { lastEventId } : {}) });
    const source = new EventSource(`/api/stream?${q.toString()}`);
    const finish = () => {
      source.close();
      end();
    };
    for (const type of NAMED)
      source.addEventListener(type, (e) => {
        const m = e as MessageEvent<string>;
        handle({ type, id: m.lastEventId || undefined, data: m.data });
        if (type === 'reconnect' || type === 'reauthenticate') finish();
      });
    // A ticket is single-use: the browser's own retry would be refused, so every drop is ours to handle.
    source.onerror = finish;
    source.onopen = opened;
    stop = () => source.close();
  };

  const viaHeader = async (end: () => void) => {
    const controller = new AbortController();
    stop = () => controller.abort();
    const headers: Record<string, string> = { authorization: `Bearer ${o.token}`, accept: 'text/event-stream' };
    if (lastEventId) headers['last-event-id'] = lastEventId;
    const res = await fetch('/api/stream', { headers, signal: controller.signal });
    if (res.status === 401) return unauthorized();
    if (!res.ok || !res.body) throw new Error(String(res.status));
    opened();
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    const parser = new SseParser();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      for (const m of parser.push(value)) handle(m);
    }
    end();
  };

  const unauthorized = () => {
    closed = true;
    o.onUnauthorized();
  };

  const online = () => {
    if (!stop && !closed) {
      clearTimeout(timer);
      attempt = 0;
      connect();
    }
  };
  const offline = () => {
    drop();
    clearTimeout(timer);
    o.onStatus?.('offline');
  };
  window.addEventListener('online', online);
  window.addEventListener('offline', offline);
  connect();
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
      clearTimeout(watchdog);
      stop?.();
    },
  };
}

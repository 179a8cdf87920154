/**
 * The hub's live feed, the console's one client of it. The browser's EventSource cannot send a
 * bearer header, so each connection asks for a short-lived single-use stream ticket
 * (`POST /api/stream/tickets`) and opens `/api/stream` with it, resuming after the last event it
 * received (`lastEventId`). A `reset` (the hub cannot resume that far back), an unreadable event, or a
 * reconnect with no event to resume from means events may have been missed: the screen reloads.
 * The feed reconnects by itself after a drop or the hub's `reconnect`/`reauthenticate`, and when
 * the browser comes back online. On a bad line a connection can hang without failing: the browser
 * going offline, or no heartbeat (the hub sends one every 15 s) for STALL_MS, drops it and starts
 * again. A 401 ends the feed and the session.
 */
import { useEffect, useRef, useState } from 'react';
import { useSession } from './session';

export interface FeedEvent {
  readonly type: 'alert' | 'feedback' | 'alert.withdrawn';
  readonly id?: string;
  readonly data: { readonly id: string; readonly agency?: string } & Record<string, unknown>;
}

export type FeedStatus = 'connecting' | 'live' | 'offline';

/** Something the hub announced that is not an alert change (a hit, a request for information …): `event` is its SSE name. */
export interface FeedNoticeEvent {
  readonly event: string;
  readonly id?: string;
  readonly data: Record<string, unknown>;
}

export interface FeedOptions {
  readonly token: string;
  readonly onEvent: (e: FeedEvent) => void;
  /** Events may have been missed: reload what is shown. */
  readonly onReset: () => void;
  readonly onStatus?: (s: FeedStatus) => void;
  readonly onUnauthorized: () => void;
  readonly onNotice?: (n: FeedNoticeEvent) => void;
}

const STALL_MS = 40_000;
const CONTENT = new Set(['alert', 'feedback', 'alert.withdrawn']);
const NAMED = ['ready', 'heartbeat', 'alert', 'feedback', 'alert.withdrawn', 'reset', 'reconnect', 'reauthenticate', 'access-log.unavailable'];
/** Notices (issue 13): told to `onNotice`, never taken for alert changes. */
const NOTICES = ['hit', 'information-request', 'information-request-answered', 'match', 'screening-hit'];

export function openLiveFeed(o: FeedOptions): { close(): void } {
  let closed = false;
  let lastEventId: string | undefined;
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
    // Without a point to resume from (no event seen yet), what happened while disconnected is only in a reload.
    if (connectedOnce && !resumedFrom) o.onReset();
    connectedOnce = true;
  };

  const handle = (type: string, id: string | undefined, data: string) => {
    alive();
    if (id) lastEventId = id;
    if (type === 'reset' || type === 'access-log.unavailable') o.onReset();
    else if (CONTENT.has(type)) {
      try {
        o.onEvent({ type: type as FeedEvent['type'], id, data: JSON.parse(data) as FeedEvent['data'] });
      } catch {
        o.onReset();
      }
    } else if (NOTICES.includes(type)) {
      try {
        o.onNotice?.({ event: type, id, data: JSON.parse(data) as Record<string, unknown> });
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
    open(id, end).catch(end);
  };

  const open = async (id: number, end: () => void) => {
    const res = await fetch('/api/stream/tickets', { method: 'POST', headers: { authorization: `Bearer ${o.token}` } });
    if (id !== current) return;
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
    for (const type of [...NAMED, ...NOTICES])
      source.addEventListener(type, (e) => {
        const m = e as MessageEvent<string>;
        handle(type, m.lastEventId || undefined, m.data);
        if (type === 'reconnect' || type === 'reauthenticate') finish();
      });
    // A ticket is single-use: the browser's own retry would be refused, so every drop is ours to handle.
    source.onerror = finish;
    source.onopen = opened;
    stop = () => source.close();
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

/** The live feed while the screen is shown; the latest handlers are used without reopening it. */
export function useLiveFeed(onEvent: (e: FeedEvent) => void, onReset: () => void, onNotice?: (n: FeedNoticeEvent) => void): FeedStatus {
  const { token, onUnauthorized } = useSession();
  const [status, setStatus] = useState<FeedStatus>('connecting');
  const handlers = useRef({ onEvent, onReset, onUnauthorized, onNotice });
  handlers.current = { onEvent, onReset, onUnauthorized, onNotice };
  useEffect(() => {
    const feed = openLiveFeed({
      token,
      onEvent: (e) => handlers.current.onEvent(e),
      onReset: () => handlers.current.onReset(),
      onStatus: setStatus,
      onUnauthorized: () => handlers.current.onUnauthorized(),
      onNotice: (n) => handlers.current.onNotice?.(n),
    });
    return () => feed.close();
  }, [token]);
  return status;
}

/** For screens that only need to know that something they show changed (the dashboard's figures). */
export type ChangesState = 'connecting' | 'live' | 'down';

/** Calls `onChange` on every event or possible miss; says whether the feed is live, or down since it was. */
export function useFeedChanges(onChange: () => void): ChangesState {
  const status = useLiveFeed(onChange, onChange, onChange);
  const wasLive = useRef(false);
  if (status === 'live') wasLive.current = true;
  return status === 'live' ? 'live' : status === 'offline' || wasLive.current ? 'down' : 'connecting';
}

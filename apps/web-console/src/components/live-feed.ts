/**
 * The hub's live feed, for screens that only need to know that something they show changed (the
 * dashboard's figures). The browser's EventSource cannot send a bearer header, so it opens the feed
 * with a short-lived single-use stream ticket (`POST /api/stream/tickets`), resuming after a dropped
 * connection from the last event id it saw. A hub without tickets is read with `fetch`, which can send
 * the header. A `reset` (the hub cannot resume that far back) counts as a change: reload everything.
 */
import { useEffect, useRef, useState } from 'react';
import { useSession } from '../app/session';

export type FeedState = 'connecting' | 'live' | 'down';

const CHANGES = new Set(['alert', 'feedback', 'alert.withdrawn', 'reset']);
/** The hub ends the stream with these; a new ticket (or a 401, when the token expired) follows. */
const ENDS = new Set(['reauthenticate', 'reconnect']);

interface Handlers {
  state(s: FeedState): void;
  change(): void;
  unauthorized(): void;
}

/** Opens the feed and keeps it open; the returned function closes it for good. */
export function openFeed(token: string, on: Handlers): () => void {
  const auth = { authorization: `Bearer ${token}` };
  let closed = false;
  let lastId = '';
  let source: EventSource | undefined;
  let aborter: AbortController | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const again = (ms: number) => {
    on.state('down');
    if (!closed) timer = setTimeout(() => void open(), ms);
  };
  const seen = (type: string, id: string) => {
    if (id) lastId = id;
    if (CHANGES.has(type)) on.change();
  };

  const viaTicket = (ticket: string) => {
    const q = new URLSearchParams({ ticket, ...(lastId ? { lastEventId: lastId } : {}) });
    const es = (source = new EventSource(`/api/stream?${q}`));
    es.onopen = () => on.state('live');
    for (const type of CHANGES) es.addEventListener(type, (e) => seen(type, e.lastEventId));
    for (const type of ENDS)
      es.addEventListener(type, () => {
        es.close();
        again(0);
      });
    // A ticket is single-use: EventSource's own retry would present it again, so each retry asks for a new one.
    es.onerror = () => {
      es.close();
      again(3000);
    };
  };

  const viaFetch = async () => {
    aborter = new AbortController();
    const res = await fetch('/api/stream', {
      headers: { ...auth, accept: 'text/event-stream', ...(lastId ? { 'last-event-id': lastId } : {}) },
      signal: aborter.signal,
    });
    if (res.status === 401) return on.unauthorized();
    if (!res.ok || !res.body) return again(5000);
    on.state('live');
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value.replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const fields = Object.fromEntries(
          buffer
            .slice(0, end)
            .split('\n')
            .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]),
        ) as Record<string, string | undefined>;
        buffer = buffer.slice(end + 2);
        seen(fields.event ?? 'message', fields.id ?? '');
      }
    }
    again(1000);
  };

  const open = async () => {
    try {
      const res = await fetch('/api/stream/tickets', { method: 'POST', headers: auth });
      if (res.status === 401) return on.unauthorized();
      if (res.ok) return viaTicket(((await res.json()) as { ticket: string }).ticket);
      if (res.status === 404) return await viaFetch();
      again(5000);
    } catch {
      if (!closed) again(5000);
    }
  };

  on.state('connecting');
  void open();
  return () => {
    closed = true;
    clearTimeout(timer);
    source?.close();
    aborter?.abort();
  };
}

/** Calls `onChange` whenever the feed announces a change the caller may see; says whether it is live. */
export function useFeedChanges(onChange: () => void): FeedState {
  const { token, onUnauthorized } = useSession();
  const [state, setState] = useState<FeedState>('connecting');
  // The feed stays open while the token does: a new callback (a new language, new figures) is just used.
  const latest = useRef({ onChange, onUnauthorized });
  useEffect(() => {
    latest.current = { onChange, onUnauthorized };
  }, [onChange, onUnauthorized]);
  useEffect(() => openFeed(token, { state: setState, change: () => latest.current.onChange(), unauthorized: () => latest.current.onUnauthorized() }), [token]);
  return state;
}

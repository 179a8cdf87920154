import { useCallback, useEffect, useRef, useState } from 'react';
import { useSession } from '../app/session';
import { mergeSources, nextMergedPage, type MergeSource } from './inbox-merge';
import { AlertList, FeedState } from './AlertList';
import { useLiveFeed, type FeedEvent } from '../app/live-feed';
import type { Alert, Reference } from './receive-api';
import { loadReference, useMessages, useReceiveApi } from './use-receive';
import { DiscoveryNotices, type DiscoveryNotice } from '../discover';
import { CorrelationNotices } from '../correlation';

const PAGE = 25;

/** Alerts other agencies shared with mine, newest first, live from the feed, paged. */
export function InboxPage() {
  const { who, token } = useSession();
  const api = useReceiveApi();
  const m = useMessages();
  const [reference, setReference] = useState<Reference>();
  const [items, setItems] = useState<Alert[]>([]);
  const [more, setMore] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const sources = useRef<Array<MergeSource<Alert>>>([]);
  const generation = useRef(0);
  /** What the feed said while the list was (re)loading: newer than the list, so kept on top of it. */
  const during = useRef<{ changed: Map<string, Alert>; withdrawn: Set<string> }>({ changed: new Map(), withdrawn: new Set() });

  const load = useCallback(
    async (reset: boolean) => {
      const gen = reset ? ++generation.current : generation.current;
      // From here on, what the feed says is newer than the list about to be loaded.
      if (reset) during.current = { changed: new Map(), withdrawn: new Set() };
      setBusy(true);
      setError('');
      try {
        const ref = await loadReference(api, token);
        setReference(ref);
        if (reset) {
          const others = ref.agencies.filter((a) => a.participating && a.code !== who.agency).map((a) => a.code);
          sources.current = mergeSources<Alert>(others);
        }
        const page = await nextMergedPage(
          sources.current,
          PAGE,
          (agency, cursor, limit) => api.list({ agency, cursor: cursor ?? undefined, limit: String(limit) }),
          (a) => a.raisedAt,
        );
        if (gen !== generation.current) return;
        if (reset) {
          const { changed, withdrawn } = during.current;
          const newer = [...changed.values()].filter((a) => !page.items.some((x) => x.id === a.id));
          const list = [...newer, ...page.items.map((a) => changed.get(a.id) ?? a)].filter((a) => !withdrawn.has(a.id));
          setItems(dedupe(list));
        } else setItems((before) => dedupe([...before, ...page.items]));
        setMore(page.more);
      } catch (e) {
        if (gen === generation.current) setError(`${m.failed}: ${(e as Error).message}`);
      } finally {
        if (gen === generation.current) setBusy(false);
      }
    },
    [api, token, who.agency, m],
  );

  useEffect(() => {
    void load(true);
  }, [load]);

  const onEvent = (e: FeedEvent) => {
    if (e.type === 'alert.withdrawn') {
      during.current.changed.delete(e.data.id);
      during.current.withdrawn.add(e.data.id);
      return setItems((xs) => xs.filter((a) => a.id !== e.data.id));
    }
    const alert = e.data as unknown as Alert;
    if (alert.agency === who.agency) return;
    during.current.withdrawn.delete(alert.id);
    during.current.changed.set(alert.id, alert);
    setItems((xs) => (xs.some((a) => a.id === alert.id) ? xs.map((a) => (a.id === alert.id ? alert : a)) : [alert, ...xs]));
    if (e.type === 'alert') setFresh((f) => new Set(f).add(alert.id));
  };
  const [notices, setNotices] = useState<DiscoveryNotice[]>([]);
  const status = useLiveFeed(
    onEvent,
    () => void load(true),
    (n) => setNotices((xs) => [n, ...xs].slice(0, 20)),
  );

  return (
    <section className="card" aria-labelledby="inbox-title">
      <div className="rx-head">
        <h2 id="inbox-title">{m.inbox}</h2>
        <FeedState status={status} />
      </div>
      <p className="hint">{m.inboxIntro.replace('{agency}', who.agency ?? '')}</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <DiscoveryNotices notices={notices} />
      <CorrelationNotices notices={notices} />
      <AlertList items={items} reference={reference} testId="inbox" fresh={fresh} />
      {more && (
        <button data-testid="inbox-more" disabled={busy} onClick={() => void load(false)}>
          {m.more}
        </button>
      )}
    </section>
  );
}

function dedupe(items: Alert[]): Alert[] {
  const seen = new Set<string>();
  return items.filter((a) => !seen.has(a.id) && seen.add(a.id));
}

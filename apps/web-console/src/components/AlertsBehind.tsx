import { useCallback, useEffect, useRef, useState } from 'react';
import type { AlertFilters, AlertItem } from '../api';
import { href, useRoute } from '../app/router';
import { useSession } from '../app/session';
import { commodityLabel, fill, formats, label, type Messages } from '../i18n';
import { useFeedChanges } from '../app/live-feed';
import { downloadCsv } from './csv';

/** The list filters a figure may name (the query of `#/dashboard/alerts?…`); anything else is ignored. */
const FILTERS = ['kind', 'commodity', 'unit', 'route', 'agency', 'from', 'to', 'askedOf', 'answer', 'raisedFrom', 'raisedTo'] as const;
const PAGE = 50;
/** The hub's largest page: the CSV holds the rows shown, up to this many. */
const CSV_MAX = 200;

/**
 * The alerts behind a dashboard figure, newest first, a page at a time (the hub gives no totals),
 * each opening the alert's detail. The filters live in the address, so the list survives a reload
 * and can be bookmarked or sent.
 */
export function AlertsBehind() {
  const { hub, m, lang, token, onUnauthorized } = useSession();
  const f = formats(lang);
  const route = useRoute();
  const query = route.query.toString();
  const [items, setItems] = useState<AlertItem[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState('');
  const [tick, setTick] = useState(0);
  const [stale, setStale] = useState(false);
  const filters = Object.fromEntries(FILTERS.map((k) => [k, route.query.get(k) ?? undefined])) as Record<(typeof FILTERS)[number], string | undefined>;

  // The link that opened this list is gone: the keyboard and the screen reader continue at its heading.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [query]);

  const load = (cursor?: string) => {
    setLoading(true);
    hub.alertPage({ ...(filters as AlertFilters), limit: PAGE, cursor }).then(
      (page) => {
        setItems((before) => (cursor ? [...before, ...page.items] : page.items));
        setNext(page.nextCursor);
        setLoading(false);
      },
      (err: Error) => {
        setError(`${m.error}: ${err.message}`);
        setLoading(false);
      },
    );
  };
  useEffect(() => {
    setItems([]);
    setError('');
    load();
  }, [hub, query, tick]);
  // Live: while one page is shown it follows the feed; once more pages are open, the reader chooses when.
  const paged = items.length > PAGE;
  const changed = useCallback(() => (paged ? setStale(true) : setTick((t) => t + 1)), [paged]);
  useFeedChanges(changed);
  const reload = () => {
    setStale(false);
    setTick((t) => t + 1);
  };
  // The API's own CSV of the list as shown (same filters, newest first): formula-safe and logged as an export.
  const download = () => {
    setError('');
    const limit = String(Math.min(CSV_MAX, Math.max(PAGE, items.length)));
    downloadCsv(token, '/api/alerts', { ...filters, limit }, lang, onUnauthorized).catch((e: Error) => setError(`${m.error}: ${e.message}`));
  };
  const title = `${m.alertsBehind}: ${describe(m, f, filters)}`;

  return (
    <section className="card" data-testid="drill" aria-labelledby="drill-title" aria-busy={loading}>
      <p>
        <a href={href('/dashboard')}>← {m.backToDashboard}</a>
      </p>
      <h2 id="drill-title" data-testid="drill-title" tabIndex={-1} ref={heading}>
        {title}
      </h2>
      {stale && (
        <p className="notice" role="status">
          {m.listChanged}{' '}
          <button type="button" className="secondary" data-testid="reload" onClick={reload}>
            {m.reloadList}
          </button>
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!loading && !items.length && !error ? (
        <p>{m.noAlerts}</p>
      ) : (
        <table className="stack">
          <thead>
            <tr>
              <th scope="col">{m.occurredAt}</th>
              <th scope="col">{m.description}</th>
              <th scope="col">{m.reporter}</th>
              <th scope="col">{m.kind}</th>
              <th scope="col">{m.commodity}</th>
              <th scope="col">{m.status}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr key={a.id} data-id={a.id}>
                <td data-label={m.occurredAt}>{f.date(a.occurredAt)}</td>
                <td data-label={m.description}>
                  <a href={href(`/alerts/${a.agency}/${a.id}`)}>{a.commodity.description}</a>
                </td>
                <td data-label={m.reporter}>
                  {a.agency} · {a.unit}
                </td>
                <td data-label={m.kind}>{label(m, 'kinds', a.kind)}</td>
                <td data-label={m.commodity}>{commodityLabel(m, a.commodity.category)}</td>
                <td data-label={m.status}>{label(m, 'statuses', a.status)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="paging">
        <span role="status" data-testid="drill-count">
          {loading ? m.loading : fill(m.alertsShown, { n: f.count(items.length) })}
        </span>
        {next && !loading && (
          <button type="button" data-testid="more" onClick={() => load(next)}>
            {m.showMore}
          </button>
        )}
        {!loading && items.length > 0 && (
          <button type="button" className="secondary" data-testid="csv-drill" aria-label={fill(m.downloadCsv, { title })} onClick={download}>
            {m.csv}
          </button>
        )}
      </p>
    </section>
  );
}

/** What the figure was, in words: "Drugs · Seizure · occurred 1 Jan 2026 – 1 Dec 2026". */
function describe(m: Messages, f: ReturnType<typeof formats>, q: Record<string, string | undefined>): string {
  // `to` is exclusive: a day bound shows the last day included (`to=2026-08-01` → 31 Jul 2026).
  const last = (to: string) => (to.length === 10 ? new Date(Date.parse(`${to}T00:00:00Z`) - 86_400_000).toISOString() : to);
  const period = (template: string, from?: string, to?: string) =>
    from || to ? fill(template, { from: from ? f.date(from) : '…', to: to ? f.date(last(to)) : '…' }) : '';
  return [
    q.kind && label(m, 'kinds', q.kind),
    q.commodity && commodityLabel(m, q.commodity),
    q.unit,
    q.route?.replace(/>/g, ' → ').replace(/\+/g, ', '),
    q.agency && label(m, 'agencies', q.agency),
    q.askedOf && fill(m.askedOf, { agency: label(m, 'agencies', q.askedOf) }),
    q.answer && (m.answers as Record<string, string>)[q.answer],
    period(m.occurredPeriod, q.from, q.to),
    period(m.raisedPeriod, q.raisedFrom, q.raisedTo),
  ]
    .filter(Boolean)
    .join(' · ');
}

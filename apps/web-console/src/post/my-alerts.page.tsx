/** My agency's alerts, from the officer's own node (newest first, paged), each one open to manage. */
import { useEffect, useMemo, useState } from 'react';
import { queryString } from '../app/http';
import { href, navigate } from '../app/router';
import { useSession } from '../app/session';
import { fmt, formatTime, pick, useMessages } from './messages';
import { NoNode } from './no-node';
import { callerOf, newKey, nodeCall, type NodeAlert, type NodePage } from './node-api';
import { OutboxPanel } from './outbox-panel';
import { ownerOf, saveDraft } from './drafts';
import { inputOfRequest } from './form-model';
import { refLabel, useReference } from './reference';
import './post.css';

const PAGE = 20;
const STATUSES = ['', 'open', 'closed', 'retracted', 'expired'] as const;

export function MyAlertsPage() {
  const session = useSession();
  const t = useMessages();
  const caller = useMemo(() => callerOf(session), [session]);
  const { reference } = useReference(caller);
  const [status, setStatus] = useState('');
  const [items, setItems] = useState<NodeAlert[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(false);

  const load = async (from: string | null) => {
    if (!caller) return;
    setLoading(true);
    setError('');
    try {
      const r = await nodeCall<NodePage>(caller, `/api/alerts?${queryString({ limit: PAGE, status, cursor: from ?? undefined })}`);
      if (!r.ok) return setError(r.body.message ?? String(r.status));
      setItems((prev) => (from ? [...prev, ...r.body.items] : r.body.items));
      setCursor(r.body.nextCursor);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    void load(null);
  }, [caller?.nodeUrl, caller?.token, status]);

  if (!caller) return <NoNode />;
  return (
    <div className="post">
      <h2>{t.myAlerts}</h2>
      <OutboxPanel
        owner={ownerOf(session.who)}
        onEdit={(body) => {
          saveDraft(ownerOf(session.who), { input: inputOfRequest(body), idempotencyKey: newKey() });
          navigate('/post/new');
        }}
      />
      <section className="card">
        <div className="filters">
          <label htmlFor="post-status-filter">{t.status}</label>
          <select id="post-status-filter" value={status} onChange={(e) => setStatus(e.target.value)}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s ? pick(t.statuses, s) : t.anyStatus}
              </option>
            ))}
          </select>
          <a href={href('/post/new')}>{t.newReport}</a>
        </div>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <ul className="alert-list" data-testid="my-alerts">
          {items.map((a) => (
            <li key={a.id} data-testid="my-alert" data-id={a.id}>
              <a href={href(`/post/alerts/${a.id}`)} className="title">
                {pick(t.kinds, a.kind)}: {a.commodity.description}
              </a>
              <div className="muted">
                <span className={`badge ${a.status}`}>{pick(t.statuses, a.status)}</span>{' '}
                {refLabel(reference, session.lang, 'commodityCategories', a.commodity.category)} · {a.unit} · {formatTime(a.raisedAt, session.lang)} ·{' '}
                {pick(t.levels, a.distribution.level)}
                {a.distribution.recipients.length ? ` (${a.distribution.recipients.join(', ')})` : ''} · {fmt(t.versionN, { n: a.version })}
              </div>
              <a href={href(`/alerts/${a.agency}/${a.id}`)}>{t.regionalView}</a>
            </li>
          ))}
        </ul>
        {!loading && !items.length && !error && <p className="muted">{t.noAlerts}</p>}
        {cursor && (
          <button type="button" disabled={loading} onClick={() => void load(cursor)} data-testid="more">
            {t.more}
          </button>
        )}
      </section>
    </div>
  );
}

import { href } from '../app/router';
import { useSession } from '../app/session';
import type { Alert, Reference } from './receive-api';
import { formatTime, label, useMessages } from './use-receive';

/** Alerts as a list of cards (no table: nothing scrolls sideways on a phone), each opening the detail. */
export function AlertList({
  items,
  reference,
  testId,
  fresh,
}: {
  items: readonly Alert[];
  reference?: Reference;
  testId: string;
  fresh?: ReadonlySet<string>;
}) {
  const { lang } = useSession();
  const m = useMessages();
  if (!items.length) return <p data-testid={`${testId}-empty`}>{m.nothing}</p>;
  return (
    <ul className="rx-list" data-testid={testId}>
      {items.map((a) => (
        <li key={a.id} className="rx-item" data-alert-id={a.id}>
          <a href={href(`/alerts/${a.agency}/${a.id}`)} className="rx-title">
            {label(reference, lang, 'commodityCategories', a.commodity.category)} — {a.commodity.description}
          </a>
          {fresh?.has(a.id) && <span className="rx-badge">{m.fresh}</span>}
          <div className="rx-meta">
            <span>
              {m.kinds[a.kind]} · {a.agency} · {label(reference, lang, 'units', a.unit)}
            </span>
            <span>{formatTime(lang, a.raisedAt)}</span>
            <span className={`rx-status rx-status-${a.status}`}>{m.statuses[a.status]}</span>
            {a.feedbackStatus && <span className={`rx-status rx-fb-${a.feedbackStatus}`}>{m.feedbackStatuses[a.feedbackStatus]}</span>}
            {a.containers?.length ? <span>{a.containers.join(', ')}</span> : null}
          </div>
        </li>
      ))}
    </ul>
  );
}

/** The live feed's state, announced politely to screen readers. */
export function FeedState({ status }: { status: 'connecting' | 'live' | 'offline' }) {
  const m = useMessages();
  return (
    <span className={`rx-feed rx-feed-${status}`} role="status" data-testid="feed-status" data-status={status}>
      {m.feed[status]}
    </span>
  );
}

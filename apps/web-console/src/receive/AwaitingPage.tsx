import { useCallback, useEffect, useState } from 'react';
import { href } from '../app/router';
import { useSession } from '../app/session';
import { FeedState } from './AlertList';
import type { Alert, Reference } from './receive-api';
import { useLiveFeed } from '../app/live-feed';
import { formatTime, label, loadReference, useMessages, useReceiveApi } from './use-receive';

/** Alerts my agency was asked to act on and has not answered: overdue first, then by due time. */
export function AwaitingPage() {
  const { token, lang, who } = useSession();
  const api = useReceiveApi();
  const m = useMessages();
  const [items, setItems] = useState<Alert[] | null>(null);
  const [reference, setReference] = useState<Reference>();
  const [error, setError] = useState('');

  const load = useCallback(() => {
    setError('');
    Promise.all([api.awaiting(), loadReference(api, token)]).then(
      ([xs, ref]) => {
        setItems(xs);
        setReference(ref);
      },
      (e: Error) => setError(`${m.failed}: ${e.message}`),
    );
  }, [api, token, m]);
  useEffect(load, [load]);
  // A change to another agency's alert (or a withdrawal) may add to or remove from the list: it is
  // short, so reload it. My agency's own alerts never wait for its feedback.
  const status = useLiveFeed((e) => e.data.agency !== who.agency && load(), load);

  return (
    <section className="card" aria-labelledby="awaiting-title">
      <div className="rx-head">
        <h2 id="awaiting-title">{m.awaiting}</h2>
        <FeedState status={status} />
      </div>
      <p className="hint">{m.awaitingIntro}</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {items && !items.length && <p data-testid="awaiting-empty">{m.nothingAwaiting}</p>}
      {items && items.length > 0 && (
        <ul className="rx-list" data-testid="awaiting">
          {items.map((a) => {
            const overdue = a.feedbackStatus === 'overdue';
            return (
              <li key={a.id} className="rx-item" data-alert-id={a.id}>
                <a className="rx-title" href={href(`/alerts/${a.agency}/${a.id}`)}>
                  {label(reference, lang, 'commodityCategories', a.commodity.category)} — {a.commodity.description}
                </a>
                <div className="rx-meta">
                  <span>
                    {a.agency} · {label(reference, lang, 'units', a.unit)}
                  </span>
                  <span className={overdue ? 'rx-status rx-fb-overdue' : 'rx-status rx-fb-open'}>
                    {overdue ? m.overdueSince : m.dueBy} {formatTime(lang, a.feedbackDueAt)}
                  </span>
                  {a.containers?.length ? <span>{a.containers.join(', ')}</span> : null}
                </div>
                <a
                  className="rx-action"
                  data-testid="answer"
                  aria-label={`${m.answer}: ${a.commodity.description}`}
                  href={href(`/alerts/${a.agency}/${a.id}`, { answer: '1' })}
                >
                  {m.answer}
                </a>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/** What waits to be sent and what was delivered (the officer's outbox), with links to each delivered alert. */
import { href } from '../app/router';
import { useSession } from '../app/session';
import { formatTime, fmt, useMessages } from './messages';
import type { FieldError } from './node-api';
import { discard, flushOutbox, useOutbox } from './outbox';

/** `onEdit`: a refused report back into the form (with a new Idempotency-Key: the node stored nothing). */
export function OutboxPanel({ owner, onEdit }: { owner: string; onEdit: (body: Record<string, unknown>, errors: FieldError[]) => void }) {
  const t = useMessages();
  const { lang } = useSession();
  const items = useOutbox(owner);
  if (!items.length) return null;
  const queued = items.filter((i) => i.state === 'queued').length;
  return (
    <section className="card outbox" aria-labelledby="outbox-title" data-testid="outbox">
      <h2 id="outbox-title">{t.outbox}</h2>
      <p role="status" data-testid="outbox-status">
        {queued ? fmt(t.outboxWaiting, { n: queued }) : t.outboxEmpty}
      </p>
      <ul className="outbox-list">
        {[...items].reverse().map((i) => (
          <li key={i.key} data-testid={`outbox-${i.state}`} data-key={i.key}>
            <span className={`badge ${i.state}`}>{t.outboxStates[i.state]}</span> {i.summary}{' '}
            <span className="muted">
              {i.state === 'delivered' ? fmt(t.deliveredAt, { at: formatTime(i.deliveredAt, lang) }) : fmt(t.queuedAt, { at: formatTime(i.queuedAt, lang) })}
            </span>
            {i.state === 'delivered' && i.alertId && (
              <>
                {' '}
                <a href={href(`/post/alerts/${i.alertId}`)}>{t.manage}</a> · <a href={href(`/alerts/${i.agency ?? ''}/${i.alertId}`)}>{t.regionalView}</a>
              </>
            )}
            {i.warnings?.map((w, j) => (
              <p key={j} className="warn">
                {w.message}
              </p>
            ))}
            {i.state === 'refused' && (
              <>
                <ul className="field-error">
                  {i.errors?.map((e, j) => (
                    <li key={j}>
                      {e.field ? `${e.field}: ` : ''}
                      {e.message}
                    </li>
                  ))}
                </ul>
                <div className="buttons">
                  <button
                    type="button"
                    onClick={() => {
                      discard(owner, i.key);
                      onEdit(i.body, i.errors ?? []);
                    }}
                    data-testid="edit-refused"
                  >
                    {t.editInForm}
                  </button>
                  <button type="button" className="secondary" onClick={() => discard(owner, i.key)}>
                    {t.discard}
                  </button>
                </div>
              </>
            )}
          </li>
        ))}
      </ul>
      {queued > 0 && (
        <button type="button" className="secondary" onClick={() => void flushOutbox()} data-testid="send-now">
          {t.sendNow}
        </button>
      )}
    </section>
  );
}

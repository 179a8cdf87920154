import { useCallback, useEffect, useState } from 'react';
import { formatUtc } from '../app/format';
import { useFeedChanges } from '../app/live-feed';
import { href } from '../app/router';
import { useSession } from '../app/session';
import type { Hit, OwnerHit, RequesterHit } from './discover-api';
import { holds, keyLabel, useDiscoverApi, useMessages, type DiscoverMessages } from './use-discover';

/** The owner's and the requester's hits, with the requests for information and their answers. */
export function HitsPage() {
  const api = useDiscoverApi();
  const m = useMessages();
  const [hits, setHits] = useState<Hit[] | null>(null);
  const [error, setError] = useState('');
  const load = useCallback(() => {
    api.hits().then(
      (h) => (setHits(h), setError('')),
      (e: Error) => setError(`${m.failed}: ${e.message}`),
    );
  }, [api, m]);
  useEffect(load, [load]);
  useFeedChanges(load);
  const owner = (hits ?? []).filter((h): h is OwnerHit => h.side === 'owner');
  const requester = (hits ?? []).filter((h): h is RequesterHit => h.side === 'requester');
  return (
    <section className="card dv-page" aria-labelledby="dv-title">
      <h2 id="dv-title">{m.title}</h2>
      <p className="hint">{m.intro}</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!hits && !error && <p aria-live="polite">{m.loading}</p>}
      {hits && (
        <>
          <h3>{m.ownerTitle}</h3>
          {owner.length ? (
            <ul className="dv-list" data-testid="owner-hits">
              {owner.map((h) => (
                <OwnerItem key={h.hitId} hit={h} onDone={load} />
              ))}
            </ul>
          ) : (
            <p className="hint">{m.ownerNone}</p>
          )}
          <h3>{m.requesterTitle}</h3>
          {requester.length ? (
            <ul className="dv-list" data-testid="requester-hits">
              {requester.map((h) => (
                <RequesterItem key={h.hitId} hit={h} onDone={load} />
              ))}
            </ul>
          ) : (
            <p className="hint">{m.requesterNone}</p>
          )}
        </>
      )}
    </section>
  );
}

function Status({ m, status }: { m: DiscoverMessages; status: keyof DiscoverMessages['statuses'] }) {
  return (
    <span className={`dv-status dv-${status}`} data-testid="request-status">
      {m.statuses[status]}
    </span>
  );
}

/** A hit as the requester sees it: who holds something, on which key — and the way to ask. */
export function RequesterItem({ hit, onDone }: { hit: RequesterHit; onDone: () => void }) {
  const { lang, who } = useSession();
  const api = useDiscoverApi();
  const m = useMessages();
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  // The node has recorded it; the hub shows it a moment later (the owner is notified, not the asker).
  const [sent, setSent] = useState(false);
  const id = `dv-msg-${hit.hitId}`;
  const send = async () => {
    setBusy(true);
    setError('');
    try {
      await api.requestInformation(hit.hitId, message.trim());
      setSent(true);
      onDone();
    } catch (e) {
      setError(`${m.failed}: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className="dv-item" data-testid="requester-hit">
      <p className="dv-what">{holds(m, hit.holder, hit.kind, hit.value)}</p>
      <p className="dv-meta">
        <a href={href(`/alerts/${hit.myAlert.agency}/${hit.myAlert.alertId}`)}>{m.yourAlert}</a> · {m.found} {formatUtc(lang, hit.foundAt, 'short')}
      </p>
      {hit.request || sent ? (
        <p>
          <Status m={m} status={hit.request?.status ?? 'open'} />
        </p>
      ) : who.role !== 'officer' ? null : (
        <form
          className="dv-form"
          onSubmit={(e) => {
            e.preventDefault();
            void send();
          }}
        >
          <label htmlFor={id}>{m.message}</label>
          <textarea
            id={id}
            data-testid="request-message"
            maxLength={2000}
            required
            value={message}
            onChange={(e) => setMessage(e.target.value)}
            aria-describedby={`${id}-hint`}
          />
          <p className="hint" id={`${id}-hint`}>
            {m.messageHint}
          </p>
          <button type="submit" data-testid="send-request" disabled={busy || !message.trim()}>
            {m.send}
          </button>
        </form>
      )}
      {hit.sharedAlert && (
        <p>
          <a data-testid="open-shared" href={href(`/alerts/${hit.sharedAlert.agency}/${hit.sharedAlert.alertId}`)}>
            {m.openAlert}
          </a>
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

/** A hit as the owner sees it: which alert of its own, which agency, which key — and the request to answer. */
function OwnerItem({ hit, onDone }: { hit: OwnerHit; onDone: () => void }) {
  const { lang, who } = useSession();
  const api = useDiscoverApi();
  const m = useMessages();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  // Recorded by the node; the hub's list catches up a moment later.
  const [answered, setAnswered] = useState<'accepted' | 'declined' | null>(null);
  const id = `dv-reason-${hit.hitId}`;
  const answer = async (decision: 'accept' | 'decline') => {
    setBusy(true);
    setError('');
    try {
      await api.answer(hit, decision, reason.trim() || undefined);
      setAnswered(decision === 'accept' ? 'accepted' : 'declined');
      onDone();
    } catch (e) {
      setError(`${m.failed}: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  };
  const r = hit.request && answered && hit.request.status === 'open' ? { ...hit.request, status: answered } : hit.request;
  return (
    <li className="dv-item" data-testid="owner-hit">
      <p className="dv-what">{m.ownerHit.replace('{agency}', hit.requesterAgency).replace('{key}', keyLabel(m, hit.kind)).replace('{value}', hit.value)}</p>
      <p className="dv-meta">
        <a href={href(`/alerts/${hit.ownAlert.agency}/${hit.ownAlert.alertId}`)} data-testid="own-alert">
          {m.yourAlert}
        </a>{' '}
        · {m.found} {formatUtc(lang, hit.foundAt, 'short')}
      </p>
      {!r && <p className="hint">{m.noRequest}</p>}
      {r && (
        <>
          <p className="dv-meta">
            {m.theirRequest} ({formatUtc(lang, r.requestedAt, 'short')}) <Status m={m} status={r.status} />
          </p>
          <blockquote className="dv-message" data-testid="request-text">
            {r.message}
          </blockquote>
          {r.reason && <p className="dv-meta">{r.reason}</p>}
          {r.status === 'open' && who.role === 'officer' && (
            <div className="dv-form">
              <label htmlFor={id}>{m.reason}</label>
              <input id={id} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
              <div className="actions">
                <button type="button" data-testid="accept" disabled={busy} onClick={() => void answer('accept')}>
                  {m.accept}
                </button>
                <button type="button" className="secondary" data-testid="decline" disabled={busy} onClick={() => void answer('decline')}>
                  {m.decline}
                </button>
              </div>
            </div>
          )}
        </>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

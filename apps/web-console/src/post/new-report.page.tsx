/**
 * New report / alert: posts to the officer's own node. A draft is kept per user across reloads;
 * without a connection the report goes to the outbox with its Idempotency-Key and is sent later.
 */
import { useEffect, useMemo, useState } from 'react';
import { href } from '../app/router';
import { useSession } from '../app/session';
import { AlertForm } from './alert-form';
import { clearDraft, loadDraft, ownerOf, saveDraft, type Draft } from './drafts';
import { emptyInput, inputOfRequest, toRequest, type AlertInput } from './form-model';
import { fmt, formatTime, pick, useMessages } from './messages';
import { NoNode } from './no-node';
import { callerOf, newKey, nodeCall, Unreachable, type FieldError, type NodeAlert } from './node-api';
import { enqueue, flushOutbox, registerSender } from './outbox';
import { OutboxPanel } from './outbox-panel';
import { useReference } from './reference';
import './post.css';

type Outcome = { kind: 'delivered'; alert: NodeAlert; replayed: boolean } | { kind: 'queued' } | null;

export function NewReportPage() {
  const session = useSession();
  const t = useMessages();
  const caller = useMemo(() => callerOf(session), [session]);
  const owner = ownerOf(session.who);
  const { reference, error: refError } = useReference(caller);
  const fresh = (): Omit<Draft, 'savedAt'> => ({ input: emptyInput(session.who.unit ?? ''), idempotencyKey: newKey() });
  const [draft, setDraft] = useState<Omit<Draft, 'savedAt'> & { savedAt?: string }>(() => loadDraft(owner) ?? fresh());
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);

  useEffect(() => {
    if (caller) registerSender(owner, caller);
  }, [caller, owner]);

  const change = (input: AlertInput, idempotencyKey = draft.idempotencyKey) => {
    const next = { input, idempotencyKey };
    saveDraft(owner, next);
    setDraft({ ...next, savedAt: new Date().toISOString() });
    setOutcome(null);
  };
  const startOver = () => {
    clearDraft(owner);
    setDraft(fresh());
    setErrors([]);
  };
  const queue = (body: Record<string, unknown>) => {
    enqueue(owner, {
      key: draft.idempotencyKey,
      nodeUrl: caller!.nodeUrl,
      body,
      summary: `${pick(t.kinds, draft.input.kind)} · ${draft.input.description.slice(0, 80)}`,
    });
    startOver();
    setOutcome({ kind: 'queued' });
  };

  const submit = async () => {
    if (!caller) return;
    const body = toRequest(draft.input);
    setErrors([]);
    if (!navigator.onLine) return queue(body);
    setBusy(true);
    try {
      const r = await nodeCall<NodeAlert & { replayed?: boolean }>(caller, '/api/alerts', { method: 'POST', body, idempotencyKey: draft.idempotencyKey });
      if (r.ok) {
        startOver();
        setOutcome({ kind: 'delivered', alert: r.body, replayed: r.body.replayed ?? false });
        void flushOutbox();
      } else if (r.status === 429 || r.status >= 500) queue(body);
      else
        setErrors(r.body.errors?.length ? r.body.errors : [{ field: '', rule: r.body.code ?? String(r.status), message: r.body.message ?? String(r.status) }]);
    } catch (e) {
      if (e instanceof Unreachable) queue(body);
      else throw e;
    } finally {
      setBusy(false);
    }
  };

  if (!caller) return <NoNode />;
  return (
    <div className="post">
      <h2>{t.newReport}</h2>
      <OutboxPanel
        owner={owner}
        onEdit={(body, refused) => {
          change(inputOfRequest(body), newKey());
          setErrors(refused);
        }}
      />
      {outcome?.kind === 'delivered' && (
        <section className="card delivered" role="status" data-testid="delivered">
          <p>
            {fmt(t.delivered, { id: outcome.alert.id })} <a href={href(`/post/alerts/${outcome.alert.id}`)}>{t.manage}</a> ·{' '}
            <a href={href(`/alerts/${outcome.alert.agency}/${outcome.alert.id}`)}>{t.regionalView}</a>
          </p>
          {outcome.alert.warnings?.map((w, i) => (
            <p key={i} className="warn" data-testid="warning">
              {w.message}
            </p>
          ))}
        </section>
      )}
      {outcome?.kind === 'queued' && (
        <p className="card notice" role="status" data-testid="queued">
          {t.queued}
        </p>
      )}
      {refError && !reference && <p className="error">{fmt(t.referenceFailed, { error: refError })}</p>}
      {reference && (
        <section className="card">
          <p className="muted draft-line">
            {draft.savedAt ? fmt(t.draftSaved, { at: formatTime(draft.savedAt, session.lang) }) : t.draftHint}{' '}
            <button type="button" className="link" onClick={startOver} data-testid="discard-draft">
              {t.discardDraft}
            </button>
          </p>
          <AlertForm
            mode="new"
            input={draft.input}
            onChange={(input) => change(input)}
            onSubmit={() => void submit()}
            errors={errors}
            reference={reference}
            agency={session.who.agency ?? ''}
            fixedUnit={session.who.unit}
            busy={busy}
            t={t}
            lang={session.lang}
          />
        </section>
      )}
    </div>
  );
}

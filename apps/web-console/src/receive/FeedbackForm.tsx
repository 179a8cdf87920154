import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useSession } from '../app/session';
import { ApiError, type Alert, type Feedback, type FeedbackInput, type FeedbackOutcome, type FieldError, type OwnSeizureReport } from './receive-api';
import { messageAtField } from '../post/form-model';
import { formatTime, useMessages, useReceiveApi } from './use-receive';

const OUTCOMES: readonly FeedbackOutcome[] = ['seizure', 'nothing-found', 'not-inspected'];

/**
 * My agency's answer to an alert, posted to my own node: a first answer, or an amendment of the
 * current one (`expectedVersion`, contract C1). A conflict says what happened and keeps the values.
 */
export function FeedbackForm({ alert, mine, startOpen, onSent }: { alert: Alert; mine?: Feedback; startOpen: boolean; onSent: () => void }) {
  const { lang } = useSession();
  const api = useReceiveApi();
  const m = useMessages();
  const [open, setOpen] = useState(startOpen && !mine);
  const [outcome, setOutcome] = useState<FeedbackOutcome | ''>(mine?.outcome ?? '');
  const [seizureReportId, setSeizureReportId] = useState(mine?.seizureReportId ?? '');
  const [reason, setReason] = useState(mine?.reason ?? '');
  const [notes, setNotes] = useState(mine?.notes ?? '');
  const [inspectedAt, setInspectedAt] = useState(mine?.inspectedAt ? toLocalInput(mine.inspectedAt) : '');
  const [expectedVersion, setExpectedVersion] = useState<number | undefined>(mine ? (mine.version ?? 1) : undefined);
  const [reports, setReports] = useState<OwnSeizureReport[] | null>(null);
  const [errors, setErrors] = useState<readonly FieldError[]>([]);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const attempt = useRef<{ body: string; key: string } | null>(null);
  const first = useRef<HTMLSelectElement>(null);

  useEffect(() => {
    if (open) first.current?.focus();
  }, [open]);
  useEffect(() => {
    if (outcome === 'seizure' && reports === null) api.ownSeizureReports().then(setReports, () => setReports([]));
  }, [outcome, reports, api]);
  // A newer version arrived (mine amended elsewhere): amend that one, unless the officer is typing.
  useEffect(() => {
    if (mine && !open) setExpectedVersion(mine.version ?? 1);
  }, [mine, open]);

  const noticeLine = notice && (
    <p className="rx-notice" role="status" data-testid="fb-notice">
      {notice}
    </p>
  );
  // Amending starts from the current answer as the hub shows it now.
  const start = () => {
    if (mine) {
      setOutcome(mine.outcome);
      setSeizureReportId(mine.seizureReportId ?? '');
      setReason(mine.reason ?? '');
      setNotes(mine.notes ?? '');
      setInspectedAt(mine.inspectedAt ? toLocalInput(mine.inspectedAt) : '');
    }
    setNotice('');
    setOpen(true);
  };
  if (!open)
    return (
      <>
        {noticeLine}
        <button data-testid={mine ? 'amend-feedback' : 'give-feedback'} onClick={start}>
          {mine ? m.amendAnswer : m.giveAnswer}
        </button>
      </>
    );

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!outcome) return setErrors([{ field: 'outcome', rule: 'required', message: m.chooseOutcome }]);
    const input: FeedbackInput = {
      alertId: alert.id,
      outcome,
      ...(outcome === 'seizure' && seizureReportId ? { seizureReportId } : {}),
      ...(reason.trim() ? { reason: reason.trim() } : {}),
      ...(notes.trim() ? { notes: notes.trim() } : {}),
      ...(inspectedAt ? { inspectedAt: new Date(inspectedAt).toISOString() } : {}),
      ...(expectedVersion !== undefined ? { expectedVersion } : {}),
    };
    const body = JSON.stringify(input);
    // The same answer sent again (after a lost connection) keeps its key: the node stores it once.
    if (attempt.current?.body !== body) attempt.current = { body, key: crypto.randomUUID() };
    setBusy(true);
    setErrors([]);
    setNotice('');
    try {
      const r = await api.giveFeedback(input, attempt.current.key);
      attempt.current = null;
      setNotice(m.sent.replace('{version}', String(r.version ?? '')));
      setOpen(false);
      onSent();
    } catch (err) {
      if (!(err instanceof ApiError)) setNotice(`${m.failed}: ${(err as Error).message}`);
      else if (err.code === 'FEEDBACK.ALREADY_GIVEN' || err.code === 'FEEDBACK.VERSION_CONFLICT') {
        const current = Number(err.body.currentVersion);
        setExpectedVersion(current);
        setNotice((err.code === 'FEEDBACK.ALREADY_GIVEN' ? m.alreadyGiven : m.versionConflict).replace('{version}', String(current)));
        onSent();
      } else if (err.errors.length) setErrors(err.errors);
      else setNotice(`${m.failed}: ${typeof err.body.message === 'string' ? err.body.message : err.code}`);
    } finally {
      setBusy(false);
    }
  };

  const errorOf = (field: string) => errors.filter((x) => x.field === field);
  const fieldError = (field: string) =>
    errorOf(field).length ? (
      <span className="error" id={`fb-${field}-error`}>
        {errorOf(field).map(messageAtField).join('; ')}
      </span>
    ) : null;
  const described = (field: string) => (errorOf(field).length ? { 'aria-invalid': true, 'aria-describedby': `fb-${field}-error` } : {});
  const known = new Set(['outcome', 'seizureReportId', 'reason', 'notes', 'inspectedAt']);
  const others = errors.filter((x) => !known.has(x.field));

  return (
    <form className="rx-form" data-testid="feedback-form" onSubmit={(e) => void submit(e)} noValidate>
      <h3>{expectedVersion !== undefined ? m.amendingVersion.replace('{version}', String(expectedVersion)) : m.firstAnswer}</h3>
      <label>
        {m.outcome}
        <select ref={first} data-testid="fb-outcome" value={outcome} onChange={(e) => setOutcome(e.target.value as FeedbackOutcome)} {...described('outcome')}>
          <option value="">—</option>
          {OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {m.outcomes[o]}
            </option>
          ))}
        </select>
        {fieldError('outcome')}
      </label>
      {outcome === 'seizure' && (
        <label>
          {m.mySeizureReport}
          <select
            data-testid="fb-seizure-report"
            value={seizureReportId}
            onChange={(e) => setSeizureReportId(e.target.value)}
            {...described('seizureReportId')}
          >
            <option value="">—</option>
            {(reports ?? []).map((r) => (
              <option key={r.id} value={r.id}>
                {formatTime(lang, r.occurredAt)} · {r.unit} · {r.commodity.description}
              </option>
            ))}
          </select>
          {reports && !reports.length && <span className="hint">{m.noSeizureReports}</span>}
          {fieldError('seizureReportId')}
        </label>
      )}
      {outcome === 'not-inspected' && (
        <label>
          {m.reason}
          <textarea data-testid="fb-reason" value={reason} maxLength={2000} onChange={(e) => setReason(e.target.value)} {...described('reason')} />
          {fieldError('reason')}
        </label>
      )}
      {outcome !== 'not-inspected' && (
        <label>
          {m.inspectedAt}
          <input
            type="datetime-local"
            data-testid="fb-inspected-at"
            value={inspectedAt}
            onChange={(e) => setInspectedAt(e.target.value)}
            {...described('inspectedAt')}
          />
          {fieldError('inspectedAt')}
        </label>
      )}
      <label>
        {m.notes}
        <textarea data-testid="fb-notes" value={notes} maxLength={4000} onChange={(e) => setNotes(e.target.value)} {...described('notes')} />
        {fieldError('notes')}
      </label>
      {others.length > 0 && (
        <ul className="error" data-testid="fb-errors">
          {others.map((x) => (
            <li key={`${x.field}-${x.rule}`}>{x.message}</li>
          ))}
        </ul>
      )}
      {noticeLine}
      <div className="rx-buttons">
        <button type="submit" data-testid="fb-submit" disabled={busy}>
          {expectedVersion !== undefined ? m.sendAmendment : m.send}
        </button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          {m.cancel}
        </button>
      </div>
    </form>
  );
}

/** An instant as the value of a datetime-local input, in the browser's time zone. */
function toLocalInput(iso: string): string {
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

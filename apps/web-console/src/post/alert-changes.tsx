/** The officer's changes to an alert: amend its content, widen or narrow its distribution, close, retract, renew. */
import { useState } from 'react';
import { DISTRIBUTION_LEVELS } from '../../../../libs/contracts/src/events/alert.types';
import type { Lang } from '../i18n';
import type { ActionResult, AlertAction } from './alert-actions';
import { AlertForm } from './alert-form';
import { changesBetween, inputOf, type AlertInput } from './form-model';
import { shortValue } from './history-list';
import { pick, type PostMessages } from './messages';
import type { FieldError, NodeAlert } from './node-api';
import { refLabel, type Reference } from './reference';

interface Common {
  readonly alert: NodeAlert;
  readonly run: (a: AlertAction, baseVersion: number) => Promise<ActionResult>;
  readonly t: PostMessages;
  readonly lang: Lang;
  readonly reference: Reference;
}

const Errors = ({ errors, testId }: { errors: FieldError[]; testId: string }) =>
  errors.length ? (
    <ul className="field-error" role="alert" data-testid={testId}>
      {errors.map((e, i) => (
        <li key={i}>{e.message}</li>
      ))}
    </ul>
  ) : null;

export function AmendSection({ alert, run, t, lang, reference }: Common) {
  // The form keeps the version it was opened on: a change made meanwhile is a conflict, never overwritten silently.
  const [base] = useState(() => ({ version: alert.version, input: inputOf(alert) }));
  const [input, setInput] = useState<AlertInput>(base.input);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const changes = changesBetween(base.input, input);
    if (!Object.keys(changes).length) return setErrors([{ field: '', rule: 'noChange', message: t.nothingChanged }]);
    setBusy(true);
    const label = `${t.amend}: ${Object.entries(changes)
      .map(([k, v]) => `${pick(t.fields, k)}: ${v === null ? t.removed : shortValue(v)}`)
      .join('; ')}`;
    const r = await run(
      {
        label,
        path: `/api/alerts/${alert.id}/amendments`,
        body: (v) => ({ expectedVersion: v, changes: { ...changes, ...(input.acknowledged.length ? { acknowledgedWarnings: input.acknowledged } : {}) } }),
        idempotent: true,
      },
      base.version,
    );
    setBusy(false);
    setErrors(!r.ok && 'errors' in r ? r.errors : []);
  };
  return (
    <AlertForm
      mode="amend"
      input={input}
      onChange={setInput}
      onSubmit={() => void submit()}
      errors={errors}
      reference={reference}
      agency={alert.agency}
      busy={busy}
      t={t}
      lang={lang}
    />
  );
}

export function DistributionSection({ alert, run, t, lang, reference }: Common) {
  const [level, setLevel] = useState(alert.distribution.level);
  const [recipients, setRecipients] = useState<string[]>(alert.distribution.recipients);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const others = reference.agencies.filter((a) => a.code !== alert.agency);
  const submit = async () => {
    const r = await run(
      {
        label: `${t.changeDistribution}: ${pick(t.levels, level)}${level === 'bilateral' ? ` (${recipients.join(', ')})` : ''}`,
        path: `/api/alerts/${alert.id}/distribution`,
        body: (v) => ({ expectedVersion: v, level, ...(level === 'bilateral' ? { recipients } : {}) }),
      },
      alert.version,
    );
    setErrors(!r.ok && 'errors' in r ? r.errors : []);
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      data-testid="distribution-form"
    >
      <div className="radios" role="radiogroup" aria-label={t.distribution}>
        {DISTRIBUTION_LEVELS.map((l) => (
          <label key={l}>
            <input type="radio" name="change-level" value={l} checked={level === l} onChange={() => setLevel(l)} /> {pick(t.levels, l)}
          </label>
        ))}
      </div>
      {level === 'bilateral' && (
        <div className="checks" role="group" aria-label={t.recipients}>
          {others.map((a) => (
            <label key={a.code}>
              <input
                type="checkbox"
                checked={recipients.includes(a.code)}
                onChange={(e) => setRecipients(e.target.checked ? [...recipients, a.code] : recipients.filter((r) => r !== a.code))}
              />{' '}
              {a.code} — {refLabel(reference, lang, 'agencies', a.code)}
            </label>
          ))}
        </div>
      )}
      <p className="muted">{t.narrowingNote}</p>
      <Errors errors={errors} testId="distribution-errors" />
      <button type="submit" data-testid="change-distribution">
        {t.changeDistribution}
      </button>
    </form>
  );
}

export function StatusSection({ alert, run, t }: Omit<Common, 'reference' | 'lang'>) {
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const open = alert.status === 'open' || alert.status === 'expired';
  const act = async (what: 'close' | 'retract' | 'renew') => {
    const label = { close: t.close, retract: t.retract, renew: t.renew }[what];
    const r = await run(
      {
        label,
        path: `/api/alerts/${alert.id}/${what}`,
        body: (v) => ({ expectedVersion: v, ...(what !== 'renew' && reason.trim() ? { reason: reason.trim() } : {}) }),
      },
      alert.version,
    );
    setErrors(!r.ok && 'errors' in r ? r.errors : []);
    if (r.ok) setReason('');
  };
  if (alert.status === 'retracted') return <p className="muted">{t.retractedFinal}</p>;
  return (
    <div className="status-actions">
      <label htmlFor="post-status-reason">{t.reasonLabel}</label>
      <textarea id="post-status-reason" rows={2} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
      <Errors errors={errors} testId="status-errors" />
      <div className="buttons">
        {open && (
          <button type="button" onClick={() => void act('close')} data-testid="close">
            {t.close}
          </button>
        )}
        <button type="button" className="danger" onClick={() => void act('retract')} data-testid="retract">
          {t.retract}
        </button>
        {open && (
          <button type="button" onClick={() => void act('renew')} data-testid="renew">
            {t.renew}
          </button>
        )}
      </div>
    </div>
  );
}

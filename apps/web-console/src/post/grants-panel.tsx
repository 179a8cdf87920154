/**
 * Personal-data grants (C2): the owner lets named recipient agencies see the persons of this one
 * alert, with a legal basis; each grant and revocation is an event of the alert (it bumps the version).
 */
import { useState } from 'react';
import type { Lang } from '../i18n';
import type { ActionResult, AlertAction } from './alert-actions';
import { fmt, formatTime, type PostMessages } from './messages';
import type { FieldError, NodeAlertWithHistory } from './node-api';
import { refLabel, type Reference } from './reference';

export interface Grant {
  readonly agency: string;
  readonly legalBasis: string;
  readonly grantedAt: string;
}

/** The grants in force, folded from the alert's history (the node's view may also list them). */
export function grantsOf(alert: NodeAlertWithHistory & { personalDataGrants?: Grant[] }): Grant[] {
  if (alert.personalDataGrants) return alert.personalDataGrants;
  const grants = new Map<string, Grant>();
  for (const e of alert.history) {
    const p = (e.payload ?? {}) as { recipients?: string[]; legalBasis?: string; agency?: string };
    if (e.type === 'PersonalDataGranted')
      for (const r of p.recipients ?? []) grants.set(r, { agency: r, legalBasis: p.legalBasis ?? '', grantedAt: e.recordedAt });
    if (e.type === 'PersonalDataGrantRevoked' && p.agency) grants.delete(p.agency);
  }
  return [...grants.values()];
}

export function GrantsPanel(props: {
  alert: NodeAlertWithHistory;
  run: (a: AlertAction, baseVersion: number) => Promise<ActionResult>;
  t: PostMessages;
  lang: Lang;
  reference: Reference;
}) {
  const { alert, t, lang, reference } = props;
  const [chosen, setChosen] = useState<string[]>([]);
  const [legalBasis, setLegalBasis] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const grants = grantsOf(alert);
  const seeing =
    alert.distribution.level === 'regional'
      ? reference.agencies.filter((a) => a.participating && a.code !== alert.agency).map((a) => a.code)
      : alert.distribution.level === 'bilateral'
        ? alert.distribution.recipients
        : [];
  const eligible = seeing.filter((a) => !grants.some((g) => g.agency === a));
  const hasPersons = (alert.parties ?? []).some((p) => p.isPerson);
  const base = `/api/alerts/${alert.id}/personal-data-grants`;
  const after = (r: ActionResult) => {
    setErrors(!r.ok && 'errors' in r ? r.errors : []);
    return r.ok;
  };
  const grant = async () => {
    const r = await props.run(
      {
        label: fmt(t.grantTo, { agencies: chosen.join(', ') }),
        path: base,
        body: (v) => ({ expectedVersion: v, recipients: chosen, legalBasis: legalBasis.trim() }),
      },
      alert.version,
    );
    if (after(r)) {
      setChosen([]);
      setLegalBasis('');
    }
  };
  const revoke = async (agency: string) => {
    const r = await props.run(
      {
        label: fmt(t.revokeFrom, { agency }),
        path: `${base}/revocations`,
        body: (v) => ({ expectedVersion: v, agency, ...(reason.trim() ? { reason: reason.trim() } : {}) }),
      },
      alert.version,
    );
    if (after(r)) setReason('');
  };
  return (
    <div data-testid="grants">
      {!hasPersons && <p className="muted">{t.noPersons}</p>}
      {grants.length ? (
        <>
          <ul className="grants" data-testid="grant-list">
            {grants.map((g) => (
              <li key={g.agency} data-testid={`grant-${g.agency}`}>
                <strong>{g.agency}</strong> — {refLabel(reference, lang, 'agencies', g.agency)}
                <div className="muted">
                  {fmt(t.grantedAt, { at: formatTime(g.grantedAt, lang) })} · {t.legalBasis}: {g.legalBasis}
                </div>
                <button type="button" className="danger" onClick={() => void revoke(g.agency)} data-testid={`revoke-${g.agency}`}>
                  {fmt(t.revokeFrom, { agency: g.agency })}
                </button>
              </li>
            ))}
          </ul>
          <label htmlFor="post-revoke-reason">{t.revokeReason}</label>
          <input id="post-revoke-reason" maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
        </>
      ) : (
        <p className="muted">{t.noGrants}</p>
      )}
      {eligible.length > 0 && hasPersons ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void grant();
          }}
        >
          <div className="checks" role="group" aria-label={t.grantRecipients}>
            {eligible.map((a) => (
              <label key={a}>
                <input
                  type="checkbox"
                  checked={chosen.includes(a)}
                  onChange={(e) => setChosen(e.target.checked ? [...chosen, a] : chosen.filter((c) => c !== a))}
                />{' '}
                {a} — {refLabel(reference, lang, 'agencies', a)}
              </label>
            ))}
          </div>
          <label htmlFor="post-legal-basis">{t.legalBasis} *</label>
          <textarea id="post-legal-basis" rows={2} maxLength={500} required value={legalBasis} onChange={(e) => setLegalBasis(e.target.value)} />
          <button type="submit" disabled={!chosen.length || !legalBasis.trim()} data-testid="grant">
            {t.grant}
          </button>
        </form>
      ) : (
        hasPersons && !eligible.length && <p className="muted">{t.noneToGrant}</p>
      )}
      {errors.length > 0 && (
        <ul className="field-error" role="alert" data-testid="grant-errors">
          {errors.map((e, i) => (
            <li key={i}>{e.message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

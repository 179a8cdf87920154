/** The companies and persons of a report; a person's name, nationality and document are personal data. */
import { Field, Options } from './form-fields';
import type { PartyInput } from './form-model';
import { fmt, pick, type PostMessages } from './messages';
import type { FieldError } from './node-api';

export function PartiesEditor(p: {
  parties: PartyInput[];
  onChange: (next: PartyInput[]) => void;
  add: () => void;
  errorsAt: (path: string) => FieldError[];
  roles: readonly string[];
  t: PostMessages;
}) {
  const { t } = p;
  const change = (i: number, patch: Partial<PartyInput>) => p.onChange(p.parties.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  return (
    <fieldset>
      <legend>{t.parties}</legend>
      {p.parties.map((party, i) => {
        const path = (k: string) => `parties[${i}].${k}`;
        return (
          <div className="party" key={i} data-testid={`party-${i}`}>
            <Field path={path('role')} label={fmt(t.partyRole, { n: i + 1 })} errors={p.errorsAt(path('role'))}>
              {(a) => (
                <select {...a} value={party.role} onChange={(e) => change(i, { role: e.target.value })}>
                  <Options codes={p.roles} label={(c) => pick(t.partyRoles, c)} />
                </select>
              )}
            </Field>
            <Field path={path('name')} label={t.partyName} errors={p.errorsAt(path('name'))}>
              {(a) => <input {...a} maxLength={300} value={party.name} onChange={(e) => change(i, { name: e.target.value })} />}
            </Field>
            <label className="inline">
              <input type="checkbox" checked={party.isPerson} onChange={(e) => change(i, { isPerson: e.target.checked })} /> {t.isPerson}
            </label>
            {party.isPerson && (
              <div className="pair">
                <Field path={path('nationality')} label={t.nationality} errors={p.errorsAt(path('nationality'))}>
                  {(a) => <input {...a} maxLength={2} value={party.nationality} onChange={(e) => change(i, { nationality: e.target.value })} />}
                </Field>
                <Field path={path('documentNumber')} label={t.documentNumber} errors={p.errorsAt(path('documentNumber'))}>
                  {(a) => <input {...a} maxLength={60} value={party.documentNumber} onChange={(e) => change(i, { documentNumber: e.target.value })} />}
                </Field>
              </div>
            )}
            <button type="button" className="secondary" onClick={() => p.onChange(p.parties.filter((_, j) => j !== i))}>
              {fmt(t.removeParty, { n: i + 1 })}
            </button>
          </div>
        );
      })}
      {p.parties.length === 0 && <p className="muted">{t.noParties}</p>}
      <button type="button" className="secondary" onClick={p.add} data-testid="add-party">
        {t.addParty}
      </button>
    </fieldset>
  );
}

/**
 * One form for seizure reports and high-risk-consignment alerts, new or amended: every choice from
 * the reference data, check digits hinted while typing, and every error the node names shown at its
 * field (and listed on top) from one answer; a confirmable warning (C4) is confirmed here.
 */
import type { FormEvent } from 'react';
import { canonicalContainerNumber, checkContainerNumber, checkImoNumber, containerCheckDigit } from '../../../../libs/contracts/src/validation/identifiers';
import { DISTRIBUTION_LEVELS, HANDLING_CODES, INFORMATION_ACCURACY, PARTY_ROLES, SOURCE_RELIABILITY } from '../../../../libs/contracts/src/events/alert.types';
import type { Lang } from '../i18n';
import { Field, fieldId, Options } from './form-fields';
import { summaryLines } from './error-summary';
import { emptyParty, inputFor, warningKey, type AlertInput, type PartyInput } from './form-model';
import { fmt, pick, type PostMessages } from './messages';
import type { FieldError } from './node-api';
import { refLabel, type Reference } from './reference';
import { PartiesEditor } from './parties-editor';

export interface AlertFormProps {
  readonly mode: 'new' | 'amend';
  readonly input: AlertInput;
  readonly onChange: (next: AlertInput) => void;
  readonly onSubmit: () => void;
  readonly errors: readonly FieldError[];
  readonly reference: Reference;
  readonly agency: string;
  /** The officer's own unit (from the token) when it has one: the only unit it may report for. */
  readonly fixedUnit?: string;
  readonly busy: boolean;
  readonly t: PostMessages;
  readonly lang: Lang;
}

const NEW_ONLY = ['kind', 'unit', 'distribution.level', 'distribution.recipients'];
const CONTENT = [
  'occurredAt',
  'commodity.category',
  'commodity.description',
  'commodity.hsCode',
  'quantity.value',
  'quantity.unit',
  'containers',
  'vessel.name',
  'vessel.imo',
  'vessel.flag',
  'route.departure',
  'route.transit',
  'route.destination',
  'locode',
  'detectionMethod',
  'concealmentMethod',
  'conveyance',
  'billOfLading',
  'eta',
  'riskIndicators',
  'recommendedAction',
  'handlingCode',
  'sourceReliability',
  'informationAccuracy',
  'parties',
];

export function AlertForm(p: AlertFormProps) {
  const { input: f, t, reference, lang } = p;
  const partyFields = f.parties.flatMap((_, i) => ['role', 'name', 'isPerson', 'nationality', 'documentNumber'].map((k) => `parties[${i}].${k}`));
  const known = new Set([...(p.mode === 'new' ? NEW_ONLY : []), ...CONTENT, ...partyFields]);
  const at = (path: string) => p.errors.filter((e) => inputFor(e.field, known) === path);
  const set = <K extends keyof AlertInput>(k: K, v: AlertInput[K]) => p.onChange({ ...f, [k]: v });
  const label = (list: string) => (code: string) => refLabel(reference, lang, list, code);
  const units = reference.units.filter((u) => u.agency === p.agency && (!p.fixedUnit || u.code === p.fixedUnit));
  const category = reference.commodityCategories.find((c) => c.code === f.category);
  const others = reference.agencies.filter((a) => a.code !== p.agency);
  const confirmable = p.errors.filter((e) => e.confirmable);
  const summary = summaryLines(p.errors, known, t, f.kind);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    p.onSubmit();
  };
  const text = (path: string, k: keyof AlertInput, lbl: string, extra: { hint?: string; required?: boolean; maxLength?: number } = {}) => (
    <Field path={path} label={lbl} errors={at(path)} hint={extra.hint} required={extra.required}>
      {(a) => <input {...a} value={f[k] as string} maxLength={extra.maxLength} onChange={(e) => set(k, e.target.value as never)} />}
    </Field>
  );
  const select = (path: string, k: keyof AlertInput, lbl: string, codes: readonly string[], name: (c: string) => string, empty?: string) => (
    <Field path={path} label={lbl} errors={at(path)}>
      {(a) => (
        <select {...a} value={f[k] as string} onChange={(e) => set(k, e.target.value as never)}>
          <Options codes={codes} label={name} empty={empty} />
        </select>
      )}
    </Field>
  );
  return (
    <form className="post-form" onSubmit={submit} noValidate data-testid={`alert-form-${p.mode}`}>
      {p.errors.length > 0 && (
        <div className="error-summary" role="alert" data-testid="error-summary">
          <p>{fmt(t.errorsSummary, { n: summary.length })}</p>
          <ul>
            {summary.map((line, i) => {
              const target = line.target;
              return (
                <li key={i}>
                  {target ? (
                    <a href={`#${fieldId(target)}`} onClick={(ev) => focusField(ev, target)}>
                      {line.text}
                    </a>
                  ) : (
                    line.text
                  )}
                </li>
              );
            })}
          </ul>
          {confirmable.map((e) => (
            <label key={warningKey(e)} className="confirm">
              <input
                type="checkbox"
                data-testid={`confirm-${warningKey(e)}`}
                checked={f.acknowledged.includes(warningKey(e))}
                onChange={(ev) =>
                  set('acknowledged', ev.target.checked ? [...f.acknowledged, warningKey(e)] : f.acknowledged.filter((k) => k !== warningKey(e)))
                }
              />{' '}
              {fmt(t.confirmWarning, { field: e.field })}
            </label>
          ))}
        </div>
      )}
      {p.mode === 'new' && (
        <fieldset>
          <legend>{t.report}</legend>
          <div className="radios" role="radiogroup" aria-label={t.kind}>
            {(['seizure', 'high-risk-consignment'] as const).map((k) => (
              <label key={k}>
                <input type="radio" name="kind" value={k} checked={f.kind === k} onChange={() => set('kind', k)} /> {pick(t.kinds, k)}
              </label>
            ))}
          </div>
          {select(
            'unit',
            'unit',
            t.unit,
            units.map((u) => u.code),
            label('units'),
            units.length > 1 ? t.choose : undefined,
          )}
        </fieldset>
      )}
      <fieldset>
        <legend>{t.what}</legend>
        <Field path="occurredAt" label={f.kind === 'seizure' ? t.occurredAtSeizure : t.occurredAtAlert} errors={at('occurredAt')} required>
          {(a) => <input {...a} type="datetime-local" value={f.occurredAt} onChange={(e) => set('occurredAt', e.target.value)} />}
        </Field>
        <Field
          path="commodity.category"
          label={t.category}
          errors={at('commodity.category')}
          required
          hint={category?.hsChapters.length ? fmt(t.hsChapters, { list: category.hsChapters.join(', ') }) : undefined}
        >
          {(a) => (
            <select {...a} value={f.category} onChange={(e) => set('category', e.target.value)}>
              <Options codes={reference.commodityCategories.map((c) => c.code)} label={label('commodityCategories')} empty={t.choose} />
            </select>
          )}
        </Field>
        <Field path="commodity.description" label={t.description} errors={at('commodity.description')} required>
          {(a) => <textarea {...a} rows={3} maxLength={2000} value={f.description} onChange={(e) => set('description', e.target.value)} />}
        </Field>
        {text('commodity.hsCode', 'hsCode', t.hsCode, { hint: t.hsCodeHint })}
        <div className="pair">
          <Field path="quantity.value" label={t.quantity} errors={at('quantity.value')}>
            {(a) => (
              <input
                {...a}
                type="number"
                inputMode="decimal"
                min="0"
                step="any"
                value={f.quantityValue}
                onChange={(e) => set('quantityValue', e.target.value)}
              />
            )}
          </Field>
          {select('quantity.unit', 'quantityUnit', t.quantityUnit, reference.quantityUnits, label('quantityUnits'), t.none)}
        </div>
        {select('detectionMethod', 'detectionMethod', t.detection, reference.detectionMethods, label('detectionMethods'), t.none)}
        {select('concealmentMethod', 'concealmentMethod', t.concealment, reference.concealmentMethods, label('concealmentMethods'), t.none)}
      </fieldset>
      <fieldset>
        <legend>{t.consignment}</legend>
        <Field path="containers" label={t.containers} errors={at('containers')} hint={<ContainerHints value={f.containers} t={t} />}>
          {(a) => (
            <textarea {...a} rows={2} spellCheck={false} autoCapitalize="characters" value={f.containers} onChange={(e) => set('containers', e.target.value)} />
          )}
        </Field>
        {select('conveyance', 'conveyance', t.conveyance, reference.conveyances, label('conveyances'), t.none)}
        {text('billOfLading', 'billOfLading', t.billOfLading, { maxLength: 60 })}
        {text('vessel.name', 'vesselName', t.vesselName, { maxLength: 120 })}
        <Field path="vessel.imo" label={t.imo} errors={at('vessel.imo')} hint={imoHint(f.imo, t)}>
          {(a) => <input {...a} value={f.imo} inputMode="numeric" onChange={(e) => set('imo', e.target.value)} />}
        </Field>
        {text('vessel.flag', 'flag', t.flag, { hint: t.countryHint, maxLength: 2 })}
        <div className="pair">
          {text('route.departure', 'departure', t.departure, { maxLength: 2 })}
          {text('route.destination', 'destination', t.destination, { maxLength: 2 })}
        </div>
        {text('route.transit', 'transit', t.transit, { hint: t.transitHint })}
        {text('locode', 'locode', t.locode, { hint: t.locodeHint, maxLength: 5 })}
        {f.kind === 'high-risk-consignment' && (
          <Field path="eta" label={t.eta} errors={at('eta')}>
            {(a) => <input {...a} type="datetime-local" value={f.eta} onChange={(e) => set('eta', e.target.value)} />}
          </Field>
        )}
      </fieldset>
      <PartiesEditor
        parties={f.parties}
        onChange={(ps: PartyInput[]) => set('parties', ps)}
        errorsAt={at}
        roles={PARTY_ROLES}
        t={t}
        add={() => set('parties', [...f.parties, emptyParty()])}
      />
      <fieldset>
        <legend>{t.assessment}</legend>
        <Field path="riskIndicators" label={t.riskIndicators} errors={at('riskIndicators')} hint={t.onePerLine}>
          {(a) => <textarea {...a} rows={2} value={f.riskIndicators} onChange={(e) => set('riskIndicators', e.target.value)} />}
        </Field>
        <Field path="recommendedAction" label={t.recommendedAction} errors={at('recommendedAction')}>
          {(a) => <textarea {...a} rows={2} maxLength={1000} value={f.recommendedAction} onChange={(e) => set('recommendedAction', e.target.value)} />}
        </Field>
        {select('sourceReliability', 'sourceReliability', t.sourceReliability, SOURCE_RELIABILITY, (c) => pick(t.reliability, c), t.none)}
        {select('informationAccuracy', 'informationAccuracy', t.informationAccuracy, INFORMATION_ACCURACY, (c) => pick(t.accuracy, c), t.none)}
        {select('handlingCode', 'handlingCode', t.handlingCode, HANDLING_CODES, (c) => pick(t.handlingCodes, c))}
      </fieldset>
      {p.mode === 'new' && (
        <fieldset>
          <legend>{t.distribution}</legend>
          <div className="radios" role="radiogroup" aria-label={t.distribution}>
            {DISTRIBUTION_LEVELS.map((l) => (
              <label key={l}>
                <input type="radio" name="level" value={l} checked={f.level === l} onChange={() => set('level', l)} /> {pick(t.levels, l)}
              </label>
            ))}
          </div>
          {f.level === 'bilateral' && (
            <div className="checks" role="group" aria-label={t.recipients} data-testid="recipients">
              {others.map((a) => (
                <label key={a.code}>
                  <input
                    type="checkbox"
                    checked={f.recipients.includes(a.code)}
                    onChange={(e) => set('recipients', e.target.checked ? [...f.recipients, a.code] : f.recipients.filter((r) => r !== a.code))}
                  />{' '}
                  {a.code} — {refLabel(reference, lang, 'agencies', a.code)}
                </label>
              ))}
            </div>
          )}
          {f.level === 'agency' ? (
            <p className="muted">{t.agencyNotDiscoverable}</p>
          ) : (
            <>
              <label className="confirm">
                <input
                  type="checkbox"
                  data-testid="discoverable"
                  aria-describedby="discoverable-hint"
                  checked={f.discoverable ?? reference.defaults?.discoverable ?? false}
                  onChange={(e) => set('discoverable', e.target.checked)}
                />{' '}
                {t.discoverable}
              </label>
              <p id="discoverable-hint" className="muted">
                {t.discoverableHint}
              </p>
            </>
          )}
          {at('distribution.level')
            .concat(at('distribution.recipients'))
            .map((e, i) => (
              <p key={i} className="field-error" data-testid="error-distribution">
                {e.message}
              </p>
            ))}
        </fieldset>
      )}
      <button type="submit" disabled={p.busy} data-testid="submit">
        {p.busy ? t.sending : p.mode === 'new' ? t.submit : t.submitAmend}
      </button>
    </form>
  );
}

function focusField(ev: { preventDefault(): void }, path: string) {
  ev.preventDefault();
  document.getElementById(fieldId(path))?.focus();
}

/** Each container number checked as it is typed (ISO 6346 check digit). */
function ContainerHints({ value, t }: { value: string; t: PostMessages }) {
  const numbers = value
    .split(/[\n,;]+/)
    .map((v) => v.trim())
    .filter(Boolean);
  if (!numbers.length) return <>{t.containersHint}</>;
  return (
    <ul className="checks-list" data-testid="container-hints">
      {numbers.map((n, i) => {
        const r = checkContainerNumber(n);
        const expected = !r.ok && r.rule === 'checkDigit' ? containerCheckDigit(canonicalContainerNumber(n).slice(0, 10)) : undefined;
        return (
          <li key={i} className={r.ok ? 'ok' : 'warn'}>
            {r.ok
              ? fmt(t.containerOk, { n })
              : r.rule === 'checkDigit'
                ? fmt(t.containerBadDigit, { n, d: expected ?? '?' })
                : fmt(t.containerBadFormat, { n })}
          </li>
        );
      })}
    </ul>
  );
}

function imoHint(value: string, t: PostMessages): string {
  if (!value.trim()) return t.imoHint;
  const r = checkImoNumber(value);
  return r === 'valid' ? t.imoOk : r === 'bad-check-digit' ? t.imoBadDigit : t.imoBadFormat;
}

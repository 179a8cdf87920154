import {
  canonicalImo,
  checkContainerNumber,
  checkImoNumber,
  DISTRIBUTION_LEVELS,
  ValidationFailed,
  type AlertContent,
  type Distribution,
  type FieldError,
  type RaiseAlertRequestDto,
} from '@cix/contracts';
import type { ReferenceDataService } from '@cix/platform';

/** The caller as far as these rules read it: the agency whose units and recipients apply, and the token's unit. */
type Caller = { readonly agency: string; readonly unit?: string };

export interface BuiltAlert {
  readonly content: AlertContent;
  readonly distribution: Distribution;
  readonly warnings: FieldError[];
}

/** Checks what the DTO cannot know (reference data, the caller's agency) and builds the stored form. */
export function buildAlert(req: RaiseAlertRequestDto, principal: Caller, reference: ReferenceDataService): BuiltAlert {
  const errors = referenceErrors(req, principal, reference);
  if (errors.length) throw new ValidationFailed(errors);
  const distribution = checkDistribution(req.distribution, principal, reference).distribution;
  const warnings = alertWarnings(req);
  const vessel = req.vessel?.imo ? { ...req.vessel, imo: canonicalImo(req.vessel.imo) } : req.vessel;
  const { distribution: _d, parties, containers, handlingCode, acknowledgedWarnings: _a, discoverable: _disc, ...rest } = req;
  const content: AlertContent = {
    ...stripUndefined(rest),
    ...(vessel ? { vessel: { ...vessel } } : {}),
    containers: [...new Set(containers ?? [])],
    parties: (parties ?? []).map((p) => stripUndefined({ ...p, isPerson: p.isPerson ?? false })),
    handlingCode: handlingCode ?? 'H0',
  };
  return { content, distribution, warnings };
}

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const record = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/**
 * Every rule of a report that needs reference data or the caller: unknown unit, codes and recipients,
 * unconfirmed container check digits. Reads the body defensively, so it also runs on a body that
 * failed its format rules: the answer then lists both kinds of error at once (one round, not two).
 */
export function referenceErrors(body: unknown, principal: Caller, reference: ReferenceDataService): FieldError[] {
  const req = record(body);
  const errors: FieldError[] = [];
  const unitCode = text(req.unit);
  const unit = unitCode === undefined ? undefined : reference.unit(unitCode);
  if (unitCode !== undefined && (!unit || unit.agency !== principal.agency)) {
    errors.push({ field: 'unit', rule: 'unitOfAgency', message: `unit must be one of ${principal.agency}'s units` });
  } else if (unitCode !== undefined && principal.unit && principal.unit !== unitCode) {
    errors.push({ field: 'unit', rule: 'unitOfCaller', message: `your token is for unit ${principal.unit}` });
  }
  errors.push(
    ...reference.checkCodes([
      { field: 'commodity.category', value: text(record(req.commodity).category), list: 'commodityCategories' },
      { field: 'quantity.unit', value: text(record(req.quantity).unit), list: 'quantityUnits' },
      { field: 'detectionMethod', value: text(req.detectionMethod), list: 'detectionMethods' },
      { field: 'concealmentMethod', value: text(req.concealmentMethod), list: 'concealmentMethods' },
      { field: 'conveyance', value: text(req.conveyance), list: 'conveyances' },
    ]),
  );
  const d = record(req.distribution);
  if (DISTRIBUTION_LEVELS.includes(d.level as Distribution['level'])) {
    const recipients = Array.isArray(d.recipients) ? d.recipients.filter((r): r is string => typeof r === 'string') : undefined;
    errors.push(...checkDistribution({ level: d.level as Distribution['level'], recipients }, principal, reference, 'distribution.').errors);
  }
  if (!acknowledged(req, 'containers.checkDigit'))
    errors.push(
      ...badContainerCheckDigits(req.containers).map((e) => ({ ...e, message: `${e.message}; confirm to store it as given`, confirmable: true as const })),
    );
  return errors;
}

/** Format errors, then the reference-data errors of fields that have none: one answer lists every mistake. */
export function withReferenceErrors(format: readonly FieldError[], reference: readonly FieldError[], prefix = ''): FieldError[] {
  const failed = new Set(format.map((e) => e.field));
  return [...format, ...reference.map((e) => ({ ...e, field: prefix + e.field })).filter((e) => !failed.has(e.field))];
}

const acknowledged = (req: Record<string, unknown>, warning: string) => Array.isArray(req.acknowledgedWarnings) && req.acknowledgedWarnings.includes(warning);

function badContainerCheckDigits(containers: unknown): FieldError[] {
  if (!Array.isArray(containers)) return [];
  return containers.flatMap((c, i) => {
    const r = typeof c === 'string' ? checkContainerNumber(c) : null;
    return r && !r.ok && r.rule === 'checkDigit' ? [{ field: `containers[${i}]`, rule: 'checkDigit', message: `container ${String(c)}: ${r.message}` }] : [];
  });
}

/** What is stored as given but worth telling the officer (a report that passes `buildAlert`). */
export function alertWarnings(req: Pick<RaiseAlertRequestDto, 'vessel' | 'containers' | 'acknowledgedWarnings'>): FieldError[] {
  const imo = req.vessel?.imo;
  return [
    ...(imo && checkImoNumber(imo) === 'bad-check-digit'
      ? [{ field: 'vessel.imo', rule: 'imoCheckDigit', message: `IMO ${imo} has an invalid check digit; stored as given` }]
      : []),
    ...badContainerCheckDigits(req.containers).map((e) => ({ ...e, message: `${e.message}; stored as given, as confirmed` })),
  ];
}

/** Rules on a distribution the DTO cannot check: known agencies, not one's own, recipients only for bilateral. */
export function checkDistribution(
  d: { readonly level: Distribution['level']; readonly recipients?: readonly string[] },
  principal: Caller,
  reference: ReferenceDataService,
  prefix = '',
): { distribution: Distribution; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const recipients = [...new Set(d.recipients ?? [])];
  if (d.level !== 'bilateral' && recipients.length) {
    errors.push({ field: `${prefix}recipients`, rule: 'onlyForBilateral', message: 'recipients are named only for bilateral distribution' });
  }
  recipients.forEach((r, i) => {
    if (!reference.isAgency(r)) errors.push({ field: `${prefix}recipients[${i}]`, rule: 'knownAgency', message: `${r} is not a participating agency` });
    else if (r === principal.agency)
      errors.push({ field: `${prefix}recipients[${i}]`, rule: 'notOwnAgency', message: 'your own agency always sees its alerts' });
  });
  return { distribution: { level: d.level, recipients: d.level === 'bilateral' ? recipients.sort() : [] }, errors };
}

function stripUndefined<T extends object>(o: T): T {
  return JSON.parse(JSON.stringify(o)) as T;
}

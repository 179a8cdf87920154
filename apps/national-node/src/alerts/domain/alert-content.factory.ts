import {
  canonicalImo,
  checkImoNumber,
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
  const errors: FieldError[] = [];
  const unit = reference.unit(req.unit);
  if (!unit || unit.agency !== principal.agency) {
    errors.push({ field: 'unit', rule: 'unitOfAgency', message: `unit must be one of ${principal.agency}'s units` });
  } else if (principal.unit && principal.unit !== req.unit) {
    errors.push({ field: 'unit', rule: 'unitOfCaller', message: `your token is for unit ${principal.unit}` });
  }
  errors.push(
    ...reference.checkCodes([
      { field: 'commodity.category', value: req.commodity.category, list: 'commodityCategories' },
      { field: 'quantity.unit', value: req.quantity?.unit, list: 'quantityUnits' },
      { field: 'detectionMethod', value: req.detectionMethod, list: 'detectionMethods' },
      { field: 'concealmentMethod', value: req.concealmentMethod, list: 'concealmentMethods' },
      { field: 'conveyance', value: req.conveyance, list: 'conveyances' },
    ]),
  );
  const { distribution, errors: distributionErrors } = checkDistribution(req.distribution, principal, reference, 'distribution.');
  errors.push(...distributionErrors);
  if (errors.length) throw new ValidationFailed(errors);

  const warnings = alertWarnings(req);
  const vessel = req.vessel?.imo ? { ...req.vessel, imo: canonicalImo(req.vessel.imo) } : req.vessel;
  const { distribution: _d, parties, containers, handlingCode, ...rest } = req;
  const content: AlertContent = {
    ...stripUndefined(rest),
    ...(vessel ? { vessel: { ...vessel } } : {}),
    containers: [...new Set(containers ?? [])],
    parties: (parties ?? []).map((p) => stripUndefined({ ...p, isPerson: p.isPerson ?? false })),
    handlingCode: handlingCode ?? 'H0',
  };
  return { content, distribution, warnings };
}

/** What is stored as given but worth telling the officer (a report that passes `buildAlert`). */
export function alertWarnings(req: Pick<RaiseAlertRequestDto, 'vessel'>): FieldError[] {
  const imo = req.vessel?.imo;
  return imo && checkImoNumber(imo) === 'bad-check-digit'
    ? [{ field: 'vessel.imo', rule: 'imoCheckDigit', message: `IMO ${imo} has an invalid check digit; stored as given` }]
    : [];
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

import { canSeeAlert, type SharingFacts } from '@cix/access-control';
import { effectiveStatus, NotFound, PROGRAMME_AGENCY, ValidationFailed, type AlertState, type Principal } from '@cix/contracts';
import type { AsOfAlertsRequestDto } from './as-of.request.dto.js';

/**
 * The principal whose view an auditor asks for. A national auditor may ask only for its own
 * agency's officers; the programme's auditors for any agency or the programme. Anything else is
 * answered like what does not exist.
 */
export function asOfPrincipal(auditor: Principal, agency: string, role?: 'officer' | 'coordinator'): Principal {
  const r = role ?? (agency === PROGRAMME_AGENCY ? 'coordinator' : 'officer');
  if ((r === 'coordinator') !== (agency === PROGRAMME_AGENCY)) {
    throw new ValidationFailed([{ field: 'role', rule: 'principal', message: 'coordinators are the programme’s (principal=CCP); officers an agency’s' }]);
  }
  if (auditor.role !== 'auditor' || (auditor.agency !== PROGRAMME_AGENCY && auditor.agency !== agency)) throw new NotFound('resource');
  return { sub: `as-of:${agency}`, agency, role: r };
}

export const factsOfState = (s: AlertState): SharingFacts => ({ agency: s.agency, level: s.distribution.level, recipients: s.distribution.recipients });

/**
 * How an alert appears in an auditor's as-of view of `principal`:
 * - `hidden`: the principal could not see it then (absent from the view);
 * - `sealed`: the principal saw it, but the auditor may not see its content (the programme's
 *   auditor looking through an agency's eyes at what the programme was not shown): no id, no content;
 * - `withdrawn`: the principal saw it then, but the owner has since withdrawn it from the principal:
 *   time travel never reopens what the owner withdrew, so the auditor of that principal learns the id
 *   (its people knew it; `exposure` tells when and who read it), not the content;
 * - `shown`: the content as the principal saw it then.
 */
export function asOfVerdict(auditor: Principal, principal: Principal, then: SharingFacts, now: SharingFacts): 'hidden' | 'sealed' | 'withdrawn' | 'shown' {
  if (!canSeeAlert(principal, then)) return 'hidden';
  const auditsPrincipal = auditor.agency === principal.agency;
  if (!auditsPrincipal && !(canSeeAlert(auditor, then) && canSeeAlert(auditor, now))) return 'sealed';
  return canSeeAlert(principal, now) ? 'shown' : 'withdrawn';
}

type Filters = Omit<AsOfAlertsRequestDto, 'principal' | 'role' | 'at' | 'cursor' | 'limit'>;

/** Whether any filter about content is set: stubs and withdrawn alerts then stay out (a match would say something of their content). */
export const filtersContent = (f: Filters): boolean =>
  [f.container, f.q, f.unit, f.kind, f.status, f.commodity, f.hsChapter, f.imo, f.country, f.from, f.to].some((v) => v !== undefined);

/** The live list's filters, on an alert as it stood at `at`. */
export function matchesAsOf(s: AlertState, f: Filters, at: Date): boolean {
  const c = s.content;
  const q = f.q?.toLowerCase();
  const route = c.route;
  return (
    (!f.agency || s.agency === f.agency) &&
    (!f.container || c.containers.includes(f.container)) &&
    (!f.unit || c.unit === f.unit) &&
    (!f.kind || c.kind === f.kind) &&
    (!f.status || effectiveStatus(s, at) === f.status) &&
    (!f.commodity || c.commodity.category === f.commodity) &&
    (!f.hsChapter || c.commodity.hsCode?.slice(0, 2) === f.hsChapter) &&
    (!f.imo || c.vessel?.imo === f.imo) &&
    (!f.country || route?.departure === f.country || route?.destination === f.country || !!route?.transit?.includes(f.country)) &&
    (!f.from || Date.parse(c.occurredAt) >= Date.parse(f.from)) &&
    (!f.to || Date.parse(c.occurredAt) < Date.parse(f.to)) &&
    // Company names only: a person's name must not be findable by those who may not read it.
    (!q || c.commodity.description.toLowerCase().includes(q) || c.parties.some((p) => !p.isPerson && !!p.name && p.name.toLowerCase().includes(q)))
  );
}

import { canSeeAlert, type SharingFacts } from '@cix/access-control';
import type { Principal } from '@cix/auth';
import type { AlertRef, NoticeAudience } from '@cix/read-model';

const isRef = (x: AlertRef | SharingFacts): x is AlertRef => typeof (x as Partial<AlertRef>).alertId === 'string';

/**
 * Whether `p` may hear a notice now. `current` holds the sharing of the alerts the audience names,
 * as it stands at this moment (an alert missing from it, or owned by another agency than named,
 * denies); `knownHits` the hits their requesters may still know of now (a hit missing from it
 * denies). Deny by default: an audience of any other shape reaches nobody.
 */
export function hearsNotice(
  p: Principal,
  audience: NoticeAudience,
  current: ReadonlyMap<string, SharingFacts>,
  knownHits: ReadonlySet<string> = new Set(),
): boolean {
  if ('allOf' in audience) {
    const all: ReadonlyArray<AlertRef | SharingFacts> = audience.allOf;
    if (!all?.length) return false;
    return all.every((x) => {
      const facts = isRef(x) ? current.get(x.alertId) : x;
      return !!facts && (!isRef(x) || facts.agency === x.agency) && canSeeAlert(p, facts);
    });
  }
  if ('agencyOfficers' in audience) return p.role === 'officer' && p.agency === audience.agencyOfficers;
  if ('hitRequester' in audience) {
    const { agency, hitId } = audience.hitRequester;
    return p.role === 'officer' && p.agency === agency && knownHits.has(hitId);
  }
  if ('agency' in audience) return (p.role === 'officer' || p.role === 'auditor') && p.agency === audience.agency;
  return false;
}

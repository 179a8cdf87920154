import { PROGRAMME_AGENCY, type Principal } from '@cix/contracts';
import {
  hasInlinePersonalData,
  isCommitment,
  isPersonBlock,
  isSealed,
  mapDeep,
  restorePersonalData,
  sealEvent,
  withheldPerson,
  type DistributionLevel,
  type Party,
  type SignedEvent,
  type WireEvent,
} from '@cix/contracts';

/** The facts about an alert that decide who may see it. */
export interface SharingFacts {
  readonly agency: string;
  readonly level: DistributionLevel;
  readonly recipients: readonly string[];
  /** Agencies the owner granted the alert's persons to (C2); absent or empty: none. */
  readonly personalDataGrantees?: readonly string[];
}

/**
 * Which alerts a principal may see, as data: the hub turns it into its one SQL predicate, and
 * `canSeeAlert` answers for a single alert. Both derive from this function, so list, get, search,
 * counts, trends and the live feed cannot disagree. Anything not granted here is denied.
 */
export interface VisibilityScope {
  /** Agencies all of whose alerts are visible. */
  readonly ownAgencies: readonly string[];
  /** Whether `regional` alerts of other agencies are visible. */
  readonly regional: boolean;
  /** `bilateral` alerts naming this recipient are visible (null: none). */
  readonly bilateralRecipient: string | null;
}

export const NOTHING: VisibilityScope = Object.freeze({ ownAgencies: [], regional: false, bilateralRecipient: null });

export function visibilityScope(p: Principal | undefined): VisibilityScope {
  if (!p) return NOTHING;
  switch (p.role) {
    case 'officer':
      if (p.agency === PROGRAMME_AGENCY) return NOTHING;
      return { ownAgencies: [p.agency], regional: true, bilateralRecipient: p.agency };
    case 'coordinator':
      if (p.agency !== PROGRAMME_AGENCY) return NOTHING;
      return { ownAgencies: [], regional: true, bilateralRecipient: PROGRAMME_AGENCY };
    case 'auditor':
      // A national auditor audits their own agency; the programme's auditors see what the programme sees.
      return p.agency === PROGRAMME_AGENCY
        ? { ownAgencies: [], regional: true, bilateralRecipient: PROGRAMME_AGENCY }
        : { ownAgencies: [p.agency], regional: false, bilateralRecipient: null };
    default:
      return NOTHING;
  }
}

export function scopeAllows(scope: VisibilityScope, a: SharingFacts): boolean {
  if (scope.ownAgencies.includes(a.agency)) return true;
  if (a.level === 'regional') return scope.regional;
  if (a.level === 'bilateral') return scope.bilateralRecipient !== null && a.recipients.includes(scope.bilateralRecipient);
  return false; // `agency` and anything unknown: only the owner
}

export const canSeeAlert = (p: Principal | undefined, a: SharingFacts): boolean => scopeAllows(visibilityScope(p), a);

/**
 * Personal data (names of persons, their documents) is for the owning agency, and for the officers
 * of an agency the owner granted it to while they can see the alert. Auditors of a grantee keep the
 * audit rules (they audit their own agency's history); coordinators never see persons.
 */
export const canSeePersonalData = (p: Principal | undefined, a: SharingFacts): boolean => {
  if (!p || p.role === 'coordinator') return false;
  if (p.agency === a.agency) return true;
  return p.role === 'officer' && !!a.personalDataGrantees?.includes(p.agency) && canSeeAlert(p, a);
};

/**
 * The one personal-data rule for every path that returns alert content (detail, list, search,
 * feed, time travel, timeline, replay, export): every person block in `value` (a state, a view,
 * a payload, a list of parties) becomes the withheld shape unless the caller may see it.
 */
export function withholdPersonalData<T>(p: Principal | undefined, a: SharingFacts, value: T): T {
  if (canSeePersonalData(p, a)) return value;
  return mapDeep(value, (v) => (isPersonBlock(v) || isCommitment(v) ? withheldPerson(v) : undefined)) as T;
}

/** Removes personal data the caller is not entitled to; companies stay, persons become a marker. */
export function redactParties(p: Principal | undefined, a: SharingFacts, parties: readonly Party[]): Party[] {
  return withholdPersonalData(p, a, [...parties]);
}

/** An event's payload as the caller may read it: persons reassembled where entitled, withheld otherwise. */
export function payloadForCaller(p: Principal | undefined, a: SharingFacts, e: Pick<SignedEvent, 'payload' | 'personalData'>): unknown {
  return withholdPersonalData(p, a, restorePersonalData(e.payload, canSeePersonalData(p, a) ? e.personalData : undefined));
}

/**
 * An event as it may be exported to the caller, still verifiable offline: without the side
 * record when the caller may not see persons (the digests in the payload keep the hash intact).
 * An event written before persons were committed by digest carries them inline, under its
 * hash: for such a caller it can only go out sealed.
 */
export function eventForCaller(p: Principal | undefined, a: SharingFacts, e: WireEvent): WireEvent {
  if (isSealed(e) || canSeePersonalData(p, a)) return e;
  if (hasInlinePersonalData(e.payload)) return sealEvent(e);
  if (e.personalData === undefined) return e;
  const { personalData: _withheld, ...rest } = e;
  return rest;
}

/**
 * Feedback is seen by the agency that gave it and by the alert's owner; the programme sees it on
 * alerts it may see (for the effectiveness figures). A third agency never sees another's feedback.
 */
export function canSeeFeedback(p: Principal | undefined, alert: SharingFacts, giverAgency: string): boolean {
  if (!p || !canSeeAlert(p, alert)) return false;
  if (p.agency === PROGRAMME_AGENCY) return true;
  return p.agency === alert.agency || p.agency === giverAgency;
}

/** Whether the caller's agency is asked for feedback on this alert: shared with it by another agency. */
export function owesFeedback(p: Principal | undefined, alert: SharingFacts): boolean {
  if (!p || p.role !== 'officer' || p.agency === alert.agency) return false;
  return canSeeAlert(p, alert);
}

/**
 * Which agencies' histories an auditor replays: a national auditor its own agency's, the
 * programme's auditors every agency's (content they may not see is replayed sealed: hashes and
 * signature only, so the chains still verify). Anyone else: none.
 */
export function auditedAgencies(p: Principal | undefined, agencies: readonly string[]): string[] {
  if (!p || p.role !== 'auditor') return [];
  if (p.agency === PROGRAMME_AGENCY) return [...agencies];
  return agencies.includes(p.agency) ? [p.agency] : [];
}

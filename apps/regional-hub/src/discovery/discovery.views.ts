import { canSeeAlert, type SharingFacts } from '@cix/access-control';
import type { Principal } from '@cix/auth';
import type { DistributionLevel } from '@cix/contracts';

export type RequestStatus = 'open' | 'accepted' | 'declined';

/** One hit with its request and answer, as the tables hold it (both sides' ids: never sent as is). */
export interface HitRow {
  readonly id: string;
  readonly requester_agency: string;
  readonly requester_alert_id: string;
  readonly owner_agency: string;
  readonly owner_alert_id: string;
  readonly kind: string;
  readonly requester_value: string;
  readonly owner_value: string;
  readonly found_at: Date;
  readonly request_id: string | null;
  readonly message: string | null;
  readonly requester_unit: string | null;
  readonly requested_at: Date | null;
  readonly decision: 'accept' | 'decline' | null;
  readonly reason: string | null;
  readonly answered_at: Date | null;
  readonly owner_level: DistributionLevel | null;
  readonly owner_recipients: string[] | null;
  readonly owner_discoverable: boolean | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : undefined);
const statusOf = (r: HitRow): RequestStatus => (r.decision === 'accept' ? 'accepted' : r.decision === 'decline' ? 'declined' : 'open');
const ownerFacts = (r: HitRow): SharingFacts | null =>
  r.owner_level ? { agency: r.owner_agency, level: r.owner_level, recipients: r.owner_recipients ?? [] } : null;

/** Whether the requester's officers may now see the owner's alert (after an accept, or shared otherwise). */
const requesterSees = (r: HitRow) => {
  const facts = ownerFacts(r);
  return !!facts && canSeeAlert({ sub: '-', agency: r.requester_agency, role: 'officer' }, facts);
};

/**
 * Whether the requester side still learns of the hit: only while the owner's alert is on the hub,
 * discoverable and not withdrawn to `agency` — or once the requester may see the alert anyway, or
 * once it asked (its own request stays in sight, and tells it nothing new).
 */
export const requesterMayKnow = (r: HitRow): boolean =>
  requesterSees(r) || r.request_id !== null || (r.owner_discoverable === true && r.owner_level !== null && r.owner_level !== 'agency');

/** The requester learns who holds something on which key, never the holder's alert id or content (until it may see the alert). */
export function requesterView(r: HitRow, p: Principal) {
  const facts = ownerFacts(r);
  return {
    hitId: r.id,
    side: 'requester' as const,
    holder: r.owner_agency,
    kind: r.kind,
    value: r.requester_value,
    myAlert: { agency: r.requester_agency, alertId: r.requester_alert_id },
    foundAt: iso(r.found_at)!,
    ...(r.request_id ? { request: { requestId: r.request_id, status: statusOf(r), message: r.message!, requestedAt: iso(r.requested_at)! } } : {}),
    // Only once the caller may see the alert (the owner accepted): where to open it.
    ...(facts && canSeeAlert(p, facts) ? { sharedAlert: { agency: r.owner_agency, alertId: r.owner_alert_id } } : {}),
  };
}

/** The owner learns which of its alerts, which agency, which key — and the request's message. */
export function ownerView(r: HitRow) {
  return {
    hitId: r.id,
    side: 'owner' as const,
    requesterAgency: r.requester_agency,
    kind: r.kind,
    value: r.owner_value,
    ownAlert: { agency: r.owner_agency, alertId: r.owner_alert_id },
    foundAt: iso(r.found_at)!,
    ...(r.request_id
      ? {
          request: {
            requestId: r.request_id,
            status: statusOf(r),
            message: r.message!,
            requestedAt: iso(r.requested_at)!,
            ...(r.requester_unit ? { unit: r.requester_unit } : {}),
            ...(r.answered_at ? { answeredAt: iso(r.answered_at) } : {}),
            ...(r.reason ? { reason: r.reason } : {}),
          },
        }
      : {}),
  };
}

export type RequesterHitView = ReturnType<typeof requesterView>;
export type OwnerHitView = ReturnType<typeof ownerView>;
export type HitView = RequesterHitView | OwnerHitView;

/** A request for information as either side sees it (the requester: no owner alert id). */
export function requestView(r: HitRow, side: 'requester' | 'owner') {
  const hit = side === 'owner' ? ownerView(r) : null;
  return {
    requestId: r.request_id!,
    hitId: r.id,
    side,
    requesterAgency: r.requester_agency,
    holder: r.owner_agency,
    kind: r.kind,
    value: side === 'owner' ? r.owner_value : r.requester_value,
    message: r.message!,
    status: statusOf(r),
    requestedAt: iso(r.requested_at)!,
    ...(r.answered_at ? { answeredAt: iso(r.answered_at) } : {}),
    ...(r.reason ? { reason: r.reason } : {}),
    ...(side === 'owner' ? { ownAlert: hit!.ownAlert } : { myAlert: { agency: r.requester_agency, alertId: r.requester_alert_id } }),
  };
}
export type InformationRequestView = ReturnType<typeof requestView>;

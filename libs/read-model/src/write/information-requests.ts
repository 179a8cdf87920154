import type { QueryRunner } from 'typeorm';
import {
  INFORMATION_REQUEST_DECISIONS,
  InformationRequestEventType,
  isUnitCode,
  type InformationRequestAnsweredV1,
  type InformationRequestedV1,
  type SignedEvent,
} from '@cix/contracts';
import type { FeedNotice } from '../projector/feed-notice.js';
import { isUuid, type LiveDecision, type Refusal } from './owner-binding.js';

interface HitRow {
  readonly id: string;
  readonly requester_agency: string;
  readonly owner_agency: string;
  readonly owner_alert_id: string;
  readonly kind: string;
}

/** A unit code of the signing agency (units are named after it, KZ-AKTAU): another agency's would mislead the owner. */
const isUnitOf = (unit: unknown, agency: string): boolean => isUnitCode(unit) && unit.startsWith(`${agency}-`);

const shapeProblem = (e: SignedEvent): string | null => {
  const p = e.payload as Partial<InformationRequestedV1 & InformationRequestAnsweredV1> | null;
  if (!p || typeof p !== 'object' || !isUuid(p.requestId)) return 'no request id';
  if (e.type === InformationRequestEventType.Requested)
    return isUuid(p.hitId) &&
      p.agency === e.agency &&
      typeof p.message === 'string' &&
      p.message.length <= 2000 &&
      (p.unit === undefined || isUnitOf(p.unit, e.agency))
      ? null
      : 'malformed request';
  const decided = (INFORMATION_REQUEST_DECISIONS as readonly unknown[]).includes(p.decision);
  return isUuid(p.alertId) && decided && typeof p.requesterAgency === 'string' && p.requesterAgency !== e.agency ? null : 'malformed answer';
};

/**
 * Projects requests for information and answers (after the alert fold, in log order). The live hub
 * refuses a request whose hit is not the requesting agency's, and an answer that is not the
 * owner's, on the hit's alert, to the agency that asked: quarantined, the chain continues. A
 * rebuild repeats what the live hub decided (the hits are hub facts it keeps). Notices go to the
 * other side's agency only, and carry no content beyond what that side is shown on its list.
 */
export async function projectInformationRequests(
  qr: QueryRunner,
  schema: string,
  events: readonly SignedEvent[],
  decided: ReadonlyMap<number, LiveDecision>,
): Promise<{ refused: Refusal[]; notices: FeedNotice[] }> {
  const refused: Refusal[] = [];
  const notices: FeedNotice[] = [];
  if (!events.length) return { refused, notices };
  const refuse = (e: SignedEvent, why: string) =>
    refused.push({ agency: e.agency, position: e.position, reason: `${e.type} of ${e.agency} at position ${e.position} refused: ${why}`, raw: e });
  for (const e of events) {
    const problem = shapeProblem(e);
    if (problem) {
      refuse(e, problem);
      continue;
    }
    const appliedLive = decided.get(e.position) === null;
    if (e.type === InformationRequestEventType.Requested) {
      const p = e.payload as InformationRequestedV1;
      const hit = await hitOf(qr, p.hitId);
      if (!appliedLive && hit?.requester_agency !== e.agency) refuse(e, 'the hit is not this agency’s');
      else {
        await qr.query(
          `INSERT INTO ${schema}.hub_information_requests (request_id, hit_id, requester_agency, requester_unit, message, requested_at, position)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
          [p.requestId, p.hitId, e.agency, p.unit ?? null, p.message, e.recordedAt, e.position],
        );
        if (hit)
          notices.push({
            event: 'information-request',
            data: {
              requestId: p.requestId,
              hitId: p.hitId,
              requesterAgency: e.agency,
              kind: hit.kind,
              ownAlert: { agency: hit.owner_agency, alertId: hit.owner_alert_id },
            },
            audience: { agency: hit.owner_agency },
          });
      }
    } else {
      const p = e.payload as InformationRequestAnsweredV1;
      const [asked] = (await qr.query(
        `SELECT r.requester_agency, h.owner_agency, h.owner_alert_id::text AS owner_alert_id, h.id::text AS hit_id, h.kind
           FROM ${schema}.hub_information_requests r JOIN public.hub_hits h ON h.id = r.hit_id WHERE r.request_id = $1`,
        [p.requestId],
      )) as Array<{ requester_agency: string; owner_agency: string; owner_alert_id: string; hit_id: string; kind: string } | undefined>;
      const fits = asked && asked.owner_agency === e.agency && asked.owner_alert_id === p.alertId.toLowerCase() && asked.requester_agency === p.requesterAgency;
      if (!appliedLive && !fits) refuse(e, 'it does not answer a request on this agency’s hit alert');
      else {
        await qr.query(
          `INSERT INTO ${schema}.hub_information_answers (request_id, owner_agency, alert_id, requester_agency, decision, reason, answered_at, position)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
          [p.requestId, e.agency, p.alertId, p.requesterAgency, p.decision, p.reason ?? null, e.recordedAt, e.position],
        );
        notices.push({
          event: 'information-request-answered',
          data: { requestId: p.requestId, hitId: asked?.hit_id, holder: e.agency, decision: p.decision },
          audience: { agency: p.requesterAgency },
        });
      }
    }
  }
  return { refused, notices };
}

async function hitOf(qr: QueryRunner, hitId: string): Promise<HitRow | undefined> {
  const [hit] = (await qr.query(
    `SELECT id::text AS id, requester_agency, owner_agency, owner_alert_id::text AS owner_alert_id, kind FROM public.hub_hits WHERE id = $1`,
    [hitId],
  )) as HitRow[];
  return hit;
}

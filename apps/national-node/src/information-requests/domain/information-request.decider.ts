import {
  InformationRequestEventType,
  isUnitCode,
  NotFound,
  ValidationFailed,
  type AlertState,
  type CommandActor,
  type Distribution,
  type InformationRequestAnsweredV1,
  type InformationRequestDecision,
  type InformationRequestedV1,
} from '@cix/contracts';
import { StreamVersionConflict } from '@cix/event-store';
import { assertOfficerOf } from '../../alerts/domain/officer.guard.js';
import type { HubHit, HubInformationRequest } from './discovery-hub.client.js';
import { InformationRequestAlreadyAnswered, InformationRequestAlreadySent } from './information-request.errors.js';

export interface RequestInformation {
  readonly requestId: string;
  /** The hit as the hub showed it to the caller (null: the hub does not show it). */
  readonly hit: HubHit | null;
  readonly message: string;
  readonly actor: CommandActor;
}

/** A request is the requester's fact: only its officers send it, on a hit the hub shows them as requester, once. */
export function decideRequest(c: RequestInformation, ctx: { agency: string; sent: InformationRequestedV1 | null }) {
  assertOfficerOf(c.actor, ctx.agency);
  if (c.hit?.side !== 'requester') throw new NotFound('hit');
  if (ctx.sent) throw new InformationRequestAlreadySent(ctx.sent.requestId);
  // The unit is the token's (a unit of the reference data); a deployment's odd code is refused here, not signed and quarantined by the hub.
  if (c.actor.unit !== undefined && !isUnitCode(c.actor.unit))
    throw new ValidationFailed([
      { field: 'unit', rule: 'unitCode', message: 'unit must be a unit code such as KZ-AKTAU (2–3 letters, a dash, 2–40 letters, digits or dashes)' },
    ]);
  const payload: InformationRequestedV1 = {
    requestId: c.requestId,
    hitId: c.hit.hitId,
    agency: ctx.agency,
    ...(c.actor.unit ? { unit: c.actor.unit } : {}),
    message: c.message,
  };
  return { type: InformationRequestEventType.Requested, payload } as const;
}

export interface AnswerRequest {
  readonly requestId: string;
  /** The request as the hub showed it to the caller (null: the hub does not show it). */
  readonly request: HubInformationRequest | null;
  readonly alertId: string;
  readonly requesterAgency: string;
  readonly decision: InformationRequestDecision;
  readonly expectedVersion: number;
  readonly reason?: string;
  readonly actor: CommandActor;
}

export interface AnswerContext {
  readonly agency: string;
  /** The node's own alert named by the answer (null: none). */
  readonly alert: AlertState | null;
  readonly answered: InformationRequestAnsweredV1 | null;
}

/**
 * The owner answers a request on its hit alert: the request must be one the hub shows to this
 * agency as owner, naming this alert and this requester — anything else is "not found", so an
 * answer cannot be aimed at another alert. An accept shares the alert with the requester by an
 * ordinary distribution change (regional stays regional: there is nothing to widen).
 */
export function decideAnswer(c: AnswerRequest, ctx: AnswerContext): { answer: InformationRequestAnsweredV1; distribution: Distribution | null } {
  assertOfficerOf(c.actor, ctx.agency);
  const r = c.request;
  if (r?.side !== 'owner' || r.ownAlert?.alertId !== c.alertId || r.ownAlert.agency !== ctx.agency || r.requesterAgency !== c.requesterAgency)
    throw new NotFound('information request');
  if (!ctx.alert || ctx.alert.agency !== ctx.agency) throw new NotFound('alert');
  if (ctx.answered) throw new InformationRequestAlreadyAnswered(ctx.answered.decision);
  if (ctx.alert.version !== c.expectedVersion) throw new StreamVersionConflict(`alert-${c.alertId}`, c.expectedVersion, ctx.alert.version);
  const answer: InformationRequestAnsweredV1 = {
    requestId: c.requestId,
    alertId: c.alertId,
    requesterAgency: c.requesterAgency,
    decision: c.decision,
    ...(c.reason ? { reason: c.reason } : {}),
  };
  return { answer, distribution: c.decision === 'accept' ? widenedFor(ctx.alert.distribution, c.requesterAgency) : null };
}

function widenedFor(d: Distribution, agency: string): Distribution | null {
  if (d.level === 'regional' || (d.level === 'bilateral' && d.recipients.includes(agency))) return null;
  const recipients = d.level === 'bilateral' ? [...d.recipients, agency] : [agency];
  return { level: 'bilateral', recipients };
}

import {
  AlertEventType,
  alertStreamId,
  NotFound,
  ValidationFailed,
  type AlertChangeCommand,
  type AlertContent,
  type AlertEvent,
  type AlertState,
  type AlertStatus,
  type AmendAlert,
  type ChangeDistribution,
  type GrantPersonalData,
  PROGRAMME_AGENCY,
  type RevokePersonalDataGrant,
  type OfficerAlertCommand,
  type RaiseAlert,
  type RaiseAlertRequestDto,
} from '@cix/contracts';
import { canSeeAlert, type SharingFacts } from '@cix/access-control';
import type { NodeEnv } from '@cix/config';
import { canonicalJson, StreamVersionConflict } from '@cix/event-store';
import type { ReferenceDataService } from '@cix/platform';
import { buildAlert, checkDistribution } from './alert-content.factory.js';
import { AlertInvalidState } from './alert.errors.js';
import { assertOfficerOf } from './officer.guard.js';

/** Everything a decision reads besides the command and the alert: no clock, no I/O inside `decide`. */
export interface AlertDecisionContext {
  /** This node's agency: only its own officers write here. */
  readonly agency: string;
  readonly now: Date;
  readonly reference: ReferenceDataService;
  readonly lifecycle: Pick<NodeEnv, 'FEEDBACK_DUE_HOURS' | 'ALERT_EXPIRY_DAYS'> & Partial<Pick<NodeEnv, 'DISCOVERABLE_BY_DEFAULT'>>;
}

/** In which states each change is allowed (expiry is derived from time and refuses nothing). */
const ALLOWED_IN: Record<AlertChangeCommand['type'], readonly AlertStatus[]> = {
  AmendAlert: ['open'],
  ChangeDistribution: ['open', 'closed'],
  CloseAlert: ['open'],
  RetractAlert: ['open', 'closed'],
  RenewAlert: ['open'],
  // Persons are granted for an alert someone may still act on; withdrawing a grant is always possible.
  GrantPersonalData: ['open', 'closed'],
  RevokePersonalDataGrant: ['open', 'closed', 'retracted'],
};

// `null` removes an optional field; these every report must keep (lists are emptied with [], not null).
const REQUIRED: ReadonlyArray<keyof AlertContent> = ['occurredAt', 'commodity', 'containers', 'parties', 'handlingCode'];

/**
 * The alert's decisions: given the alert as its events leave it (null: no such alert) and a
 * command, the event to append, or a domain error. Erasure has its own (`decideErasure` in contracts: the operator's act, not an officer's).
 * Every officer command decides exactly one event today, and the type says so: a rule that needs two
 * must widen it, and the compiler then leads to the runner and the bulk upload, which append one.
 */
export function decide(command: OfficerAlertCommand, state: AlertState | null, ctx: AlertDecisionContext): [AlertEvent] {
  assertOfficerOf(command.actor, ctx.agency);
  if (command.type === 'RaiseAlert') return [raise(command, state, ctx)];
  if (!state) throw new NotFound('alert');
  // A stale version is refused before any other rule: the caller must look again first.
  if (state.version !== command.expectedVersion) throw new StreamVersionConflict(alertStreamId(command.alertId), command.expectedVersion, state.version);
  if (!ALLOWED_IN[command.type].includes(state.status)) throw new AlertInvalidState(`not allowed on a ${state.status} alert`, state.status);
  const { alertId } = command;
  switch (command.type) {
    case 'AmendAlert':
      return [{ type: AlertEventType.Amended, payload: { alertId, changes: amendedFields(command, state, ctx) } }];
    case 'ChangeDistribution':
      return [changeDistribution(command, state, ctx)];
    case 'CloseAlert':
      return [{ type: AlertEventType.Closed, payload: { alertId, ...(command.reason ? { reason: command.reason } : {}) } }];
    case 'RetractAlert':
      return [{ type: AlertEventType.Retracted, payload: { alertId, reason: command.reason } }];
    case 'RenewAlert':
      return [{ type: AlertEventType.Renewed, payload: { alertId, expiresAt: addDays(ctx.now, ctx.lifecycle.ALERT_EXPIRY_DAYS) } }];
    case 'GrantPersonalData':
      return [grantPersonalData(command, state, ctx)];
    case 'RevokePersonalDataGrant':
      return [revokePersonalDataGrant(command, state)];
  }
}

/** Lifecycle dates from the node's configuration: feedback due after ETA, expiry after raising. */
export function lifecycleDates(eta: string | undefined, now: Date, config: AlertDecisionContext['lifecycle']) {
  const dueFrom = eta ? Math.max(Date.parse(eta), now.getTime()) : now.getTime();
  return {
    feedbackDueAt: new Date(dueFrom + config.FEEDBACK_DUE_HOURS * 3_600_000).toISOString(),
    expiresAt: addDays(now, config.ALERT_EXPIRY_DAYS),
  };
}

function raise(command: RaiseAlert, state: AlertState | null, ctx: AlertDecisionContext): AlertEvent {
  // Ids are fresh UUIDs, so this is a bug or a replayed id, never a race worth merging.
  if (state) throw new StreamVersionConflict(alertStreamId(command.alertId), 0, state.version);
  const { content, distribution } = buildAlert(command.request, command.actor, ctx.reference);
  return {
    type: AlertEventType.Raised,
    payload: {
      alertId: command.alertId,
      agency: ctx.agency,
      content,
      distribution,
      ...lifecycleDates(content.eta, ctx.now, ctx.lifecycle),
      discoverable: command.request.discoverable ?? ctx.lifecycle.DISCOVERABLE_BY_DEFAULT === 'true',
    },
  };
}

/** The fields that really change, each checked with the rules of a new report applied to the whole amended one. */
function amendedFields({ changes: raw }: AmendAlert, state: AlertState, ctx: AlertDecisionContext): Record<string, unknown> {
  const removed = REQUIRED.filter((k) => raw[k] === null);
  if (removed.length)
    throw new ValidationFailed(
      removed.map((k) => ({
        field: `changes.${k}`,
        rule: 'required',
        message: Array.isArray(state.content[k]) ? `${k} cannot be removed; send [] to empty it` : `${k} cannot be removed`,
      })),
    );
  const merged = {
    ...state.content,
    ...stripNulls(raw),
    kind: state.content.kind,
    unit: state.content.unit,
    distribution: state.distribution,
    // Containers stored earlier were confirmed then: only a new list is checked again.
    acknowledgedWarnings: raw.containers === undefined ? ['containers.checkDigit'] : raw.acknowledgedWarnings,
  };
  // The alert's unit was checked when raised: an officer of another unit of the agency may amend it.
  const { content } = inChanges(() => buildAlert(merged as unknown as RaiseAlertRequestDto, { agency: ctx.agency }, ctx.reference));
  const before = state.content as unknown as Record<string, unknown>;
  const after = content as unknown as Record<string, unknown>;
  const changes: Record<string, unknown> = {};
  for (const k of Object.keys(raw)) {
    const next = raw[k] === null ? null : after[k];
    if (canonicalJson(next ?? null) !== canonicalJson(before[k] ?? null)) changes[k] = next ?? null;
  }
  if (!Object.keys(changes).length) throw new ValidationFailed([{ field: 'changes', rule: 'noChange', message: 'the changes do not change anything' }]);
  return changes;
}

/** An amendment's errors name the fields of its `changes`, as its format errors do. */
function inChanges<T>(check: () => T): T {
  try {
    return check();
  } catch (e) {
    if (e instanceof ValidationFailed) throw new ValidationFailed(e.errors.map((x) => ({ ...x, field: `changes.${x.field}` })));
    throw e;
  }
}

function changeDistribution(command: ChangeDistribution, state: AlertState, ctx: AlertDecisionContext): AlertEvent {
  const { distribution, errors } = checkDistribution(command.distribution, command.actor, ctx.reference);
  if (errors.length) throw new ValidationFailed(errors);
  if (canonicalJson(distribution) === canonicalJson(state.distribution)) {
    throw new ValidationFailed([{ field: 'level', rule: 'noChange', message: 'the alert already has this distribution' }]);
  }
  // Widening from `agency`: the hub has only sealed stubs of this alert, so it gets the alert here.
  const snapshot = state.distribution.level === 'agency' ? state : undefined;
  return {
    type: AlertEventType.DistributionChanged,
    payload: { alertId: command.alertId, distribution, previous: state.distribution, ...(snapshot ? { snapshot } : {}) },
  };
}

/**
 * Persons go only to agencies whose officers can see the alert now (the same rule every read applies),
 * never to the programme (coordinators never see persons) nor to the owner itself (it always does).
 */
function grantPersonalData(command: GrantPersonalData, state: AlertState, ctx: AlertDecisionContext): AlertEvent {
  const recipients = [...new Set(command.recipients)].sort();
  // Every refusal names the field `recipients` (the contract's), one per agency refused.
  const field = 'recipients';
  const errors = recipients.flatMap((agency) => {
    if (agency === ctx.agency) return [{ field, rule: 'notOwnAgency', message: 'your own agency always sees its persons' }];
    if (agency === PROGRAMME_AGENCY || !ctx.reference.isAgency(agency) || !canSeeAlert({ sub: 'grant', agency, role: 'officer' }, factsOf(state)))
      return [{ field, rule: 'canSeeAlert', message: `${agency} cannot see this alert: widen its distribution first` }];
    return [];
  });
  if (!recipients.length) errors.push({ field, rule: 'arrayNotEmpty', message: 'name at least one agency' });
  if (errors.length) throw new ValidationFailed(errors);
  const same = recipients.every((a) => state.personalDataGrants?.some((g) => g.agency === a && g.legalBasis === command.legalBasis));
  if (same) throw new ValidationFailed([{ field: 'recipients', rule: 'noChange', message: 'these agencies already hold this grant' }]);
  return { type: AlertEventType.PersonalDataGranted, payload: { alertId: command.alertId, recipients, legalBasis: command.legalBasis } };
}

function revokePersonalDataGrant(command: RevokePersonalDataGrant, state: AlertState): AlertEvent {
  if (!state.personalDataGrants?.some((g) => g.agency === command.agency))
    throw new ValidationFailed([{ field: 'agency', rule: 'notGranted', message: `${command.agency} holds no grant of this alert's personal data` }]);
  return {
    type: AlertEventType.PersonalDataGrantRevoked,
    payload: { alertId: command.alertId, agency: command.agency, ...(command.reason ? { reason: command.reason } : {}) },
  };
}

const factsOf = (s: AlertState): SharingFacts => ({ agency: s.agency, level: s.distribution.level, recipients: s.distribution.recipients });

const addDays = (from: Date, days: number): string => new Date(from.getTime() + days * 86_400_000).toISOString();

function stripNulls(o: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
}

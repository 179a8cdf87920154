import type { Principal } from '@cix/auth';
import type { AlertState } from '@cix/contracts';
import { StreamVersionConflict } from '@cix/event-store';
import { AlertInvalidState } from '../domain/alert.errors.js';
import type { AlertRepository } from '../domain/alert.repository.js';
import { toNodeAlertView, type NodeAlertView } from '../domain/node-alert.view.js';
import { assertOfficerOf } from '../domain/officer.guard.js';

/**
 * The shape every change to an existing alert shares: load, check the caller and the state,
 * refuse a stale version before doing any work, append with the expected version, show the result.
 */
export async function changeAlert(
  alerts: AlertRepository,
  args: { alertId: string; expectedVersion: number; principal: Principal; idempotencyKey?: string; request?: unknown },
  allowedIn: ReadonlyArray<AlertState['status']>,
  change: (state: AlertState) => { type: string; payload: unknown },
): Promise<NodeAlertView> {
  assertOfficerOf(args.principal, alerts.agency);
  const { state } = await alerts.load(args.alertId);
  if (state.version !== args.expectedVersion) throw new StreamVersionConflict(`alert-${args.alertId}`, args.expectedVersion, state.version);
  if (!allowedIn.includes(state.status)) throw new AlertInvalidState(`not allowed on a ${state.status} alert`, state.status);
  const { type, payload } = change(state);
  const { state: after } = await alerts.append(
    args.alertId,
    state,
    { type, payload, expectedVersion: args.expectedVersion, idempotencyKey: args.idempotencyKey, request: args.request },
    args.principal,
  );
  return toNodeAlertView(after);
}

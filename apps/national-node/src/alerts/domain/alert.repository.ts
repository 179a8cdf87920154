import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@cix/auth';
import { alertStreamId, AlertEventType, foldAlertState, NotFound, type AlertState, type Distribution, type EventMetadata } from '@cix/contracts';
import { canonicalJson, EventStore, type AppendRequest, type AppendResult, type StoredEvent } from '@cix/event-store';

export interface AlertChange {
  readonly type: string;
  readonly payload: unknown;
  readonly expectedVersion: number;
  readonly idempotencyKey?: string;
  /** What the idempotency key protects: the request as the client sent it. */
  readonly request?: unknown;
}

/**
 * Loads alerts from their streams and appends their events with the rule for what may leave the
 * node: while an alert's distribution is `agency`, its events cross the bus only sealed — except
 * distribution changes, which the hub must see to withdraw the alert or to learn it.
 */
@Injectable()
export class AlertRepository {
  constructor(@Inject(EventStore) private readonly store: EventStore) {}

  get agency(): string {
    return this.store.agency;
  }

  async load(alertId: string): Promise<{ state: AlertState; events: StoredEvent[] }> {
    const events = await this.store.readStream(alertStreamId(alertId));
    const state = foldAlertState(events);
    if (!state) throw new NotFound('alert');
    return { state, events };
  }

  /** Appends one change and returns the alert as it now stands. */
  async append(alertId: string, state: AlertState | null, change: AlertChange, principal: Principal): Promise<{ state: AlertState; result: AppendResult }> {
    const result = await this.store.append(this.request(alertId, state, change, principal));
    const events = await this.store.readStream(result.streamId, { toVersion: result.version });
    return { state: foldAlertState(events)!, result };
  }

  request(alertId: string, state: AlertState | null, change: AlertChange, principal: Principal): AppendRequest {
    const distribution: Distribution | undefined =
      change.type === AlertEventType.Raised ? (change.payload as { distribution: Distribution }).distribution : state?.distribution;
    return {
      streamId: alertStreamId(alertId),
      expectedVersion: change.expectedVersion,
      events: [
        {
          type: change.type,
          payload: change.payload,
          metadata: metadataFor(principal, change.idempotencyKey),
          confidential: distribution?.level === 'agency' && change.type !== AlertEventType.DistributionChanged,
        },
      ],
      idempotency: change.idempotencyKey ? idempotencyFor(principal, change.type, change.idempotencyKey, change.request ?? change.payload) : undefined,
    };
  }
}

export function metadataFor(principal: Principal, idempotencyKey?: string): EventMetadata {
  return { actor: principal.sub, agency: principal.agency, unit: principal.unit, role: principal.role, correlationId: randomUUID(), idempotencyKey };
}

export function idempotencyFor(principal: Principal, operation: string, key: string, body: unknown) {
  return { scope: `${principal.agency}:${principal.sub}:${operation}`, key, requestHash: createHash('sha256').update(canonicalJson(body)).digest('hex') };
}

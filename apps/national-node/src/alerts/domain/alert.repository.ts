import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  alertStreamId,
  AlertEventType,
  foldAlertState,
  NotFound,
  type AlertEvent,
  type AlertState,
  type CommandActor,
  type Distribution,
  type EventMetadata,
} from '@cix/contracts';
import { canonicalJson, EventStore, type AppendRequest, type AppendResult, type StoredEvent } from '@cix/event-store';
import { currentRequestId } from '@cix/platform';

export type AlertChange = AlertEvent & {
  readonly expectedVersion: number;
  readonly idempotencyKey?: string;
  /** What the idempotency key protects: the request as the client sent it. */
  readonly request?: unknown;
};

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

  /** The alert as its events leave it, null when there is none: what a decision starts from. */
  async find(alertId: string): Promise<AlertState | null> {
    return foldAlertState(await this.store.readStream(alertStreamId(alertId)));
  }

  /** Appends one change and returns the alert as it now stands. */
  async append(alertId: string, state: AlertState | null, change: AlertChange, principal: CommandActor): Promise<{ state: AlertState; result: AppendResult }> {
    const result = await this.store.append(this.request(alertId, state, change, principal));
    const events = await this.store.readStream(result.streamId, { toVersion: result.version });
    return { state: foldAlertState(events)!, result };
  }

  request(alertId: string, state: AlertState | null, change: AlertChange, principal: CommandActor): AppendRequest {
    const distribution: Distribution | undefined = change.type === AlertEventType.Raised ? change.payload.distribution : state?.distribution;
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

/** `correlationId` is the HTTP request's id (X-Request-Id or one made for it), so logs from the POST to the hub share it. */
export function metadataFor(principal: CommandActor, idempotencyKey?: string): EventMetadata {
  const correlationId = currentRequestId() ?? randomUUID();
  return { actor: principal.sub, agency: principal.agency, unit: principal.unit, role: principal.role, correlationId, idempotencyKey };
}

export function idempotencyFor(principal: CommandActor, operation: string, key: string, body: unknown) {
  return { scope: `${principal.agency}:${principal.sub}:${operation}`, key, requestHash: createHash('sha256').update(canonicalJson(body)).digest('hex') };
}

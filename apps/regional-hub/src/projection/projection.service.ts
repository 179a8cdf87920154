import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { HubEnv } from '@cix/config';
import { EventStore, TrustStore } from '@cix/event-store';
import { projectBatch, type AlertChange, type CorrelationOptions, type FeedNotice, type HubFact, type MessageOutcome } from '@cix/read-model';
import { HUB_CONFIG, TRUST_STORE } from '../hub.tokens.js';

export type { AlertChange, FeedNotice } from '@cix/read-model';

/**
 * The live side of the one batch projector: applies what the consumer delivered for one agency
 * in one transaction (checkpoint included), then tells listeners (the live feed) of each changed
 * alert, after commit.
 */
@Injectable()
export class ProjectionService {
  private readonly listeners = new Set<(change: AlertChange) => void>();
  private readonly noticeListeners = new Set<(notice: FeedNotice) => void>();
  private readonly log = new Logger('Projection');

  private readonly correlation: CorrelationOptions;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(TRUST_STORE) private readonly trust: TrustStore,
    @Inject(EventStore) hubLog: EventStore,
    @Inject(HUB_CONFIG) config: HubEnv,
  ) {
    this.correlation = {
      enabled: config.CORRELATION_ENABLED === 'true',
      maxFanout: config.CORRELATION_MAX_FANOUT,
      // Matches and hits are the hub's own facts: signed into its log in the batch's transaction.
      record: async (qr, facts: readonly HubFact[]) => {
        await hubLog.appendInTransaction(
          qr,
          facts.map((f) => ({
            streamId: f.streamId,
            expectedVersion: 0,
            events: [{ type: f.type, payload: f.payload, metadata: { actor: 'hub', agency: 'HUB', correlationId: f.streamId } }],
          })),
        );
      },
    };
  }

  /** Told about every alert that changed, after commit (the live feed listens). */
  onAlertChanged(l: (change: AlertChange) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /** Told about every notice (match, hit, …) after the transaction that recorded it committed (the live feed listens). */
  onNotice(l: (notice: FeedNotice) => void): () => void {
    this.noticeListeners.add(l);
    return () => this.noticeListeners.delete(l);
  }

  /**
   * The one way to put a notice on the live feed: call it after the commit of what it announces.
   * The projection calls it for the notices of each batch; a background job calls it for its own.
   */
  announce(notices: readonly FeedNotice[]): void {
    for (const n of notices) for (const l of this.noticeListeners) l(n);
  }

  /** One outcome per message, in order; throws only on infrastructure trouble (nothing is then applied). */
  async applyBatch(agency: string, messages: readonly unknown[]): Promise<MessageOutcome[]> {
    const result = await this.db.transaction((tx) =>
      projectBatch(tx.queryRunner!, agency, messages, { schema: 'public', trust: this.trust, mode: 'live', correlation: this.correlation }),
    );
    for (const r of result.refusals) this.log.warn(`quarantined ${r.agency} position ${r.position}: ${r.reason}`);
    for (const change of result.changes) for (const l of this.listeners) l(change);
    this.announce(result.notices);
    return result.outcomes;
  }
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { HubEnv } from '@cix/config';
import { EventStore, TrustStore } from '@cix/event-store';
import { projectBatch, type AlertChange, type CorrelationOptions, type FeedNotice, type HubFact, type MessageOutcome } from '@cix/read-model';
import { HUB_CONFIG, TRUST_STORE } from '../hub.tokens.js';
import { agencyLockKey, LOCK_SPACE } from '../replicas/agency-leases.js';
import { FeedSignals, type FeedSignal } from '../replicas/feed-signals.js';

export type { AlertChange, FeedNotice } from '@cix/read-model';

/**
 * The live side of the one batch projector: applies what the consumer delivered for one agency
 * in one transaction (checkpoint included), then tells listeners (the live feed) of each changed
 * alert, after commit. Listeners hear what every replica of the hub committed, not only this one:
 * the signals go out with the transaction (NOTIFY) and come back through each replica's session.
 */
@Injectable()
export class ProjectionService {
  private readonly listeners = new Map<string, Set<(body: never) => void>>();
  private readonly log = new Logger('Projection');

  private readonly correlation: CorrelationOptions;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(TRUST_STORE) private readonly trust: TrustStore,
    @Inject(FeedSignals) private readonly signals: FeedSignals,
    @Inject(EventStore) hubLog: EventStore,
    @Inject(HUB_CONFIG) config: HubEnv,
  ) {
    signals.onSignal((s) => {
      for (const l of this.listeners.get(s.kind) ?? []) l(s.body as never);
    });
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
    return this.listen('alert', l);
  }

  /** Told about every notice (match, hit, …) after the transaction that recorded it committed (the live feed listens). */
  onNotice(l: (notice: FeedNotice) => void): () => void {
    return this.listen('notice', l);
  }

  /**
   * The one way to put a notice on the live feed: call it after the commit of what it announces.
   * The projection sends the notices of each batch with its transaction; a background job calls
   * this for its own, and every replica's feed hears them.
   */
  async announce(notices: readonly FeedNotice[]): Promise<void> {
    if (notices.length) await this.db.transaction((tx) => this.signals.send(tx, this.signalsOf([], notices)));
  }

  /** One outcome per message, in order; throws only on infrastructure trouble (nothing is then applied). */
  async applyBatch(agency: string, messages: readonly unknown[]): Promise<MessageOutcome[]> {
    const result = await this.db.transaction(async (tx) => {
      // Never two replicas applying one agency at once, even while its lease changes hands (the checkpoint
      // row lock cannot serialise the very first batch: there is no row to lock yet).
      await tx.query(`SELECT pg_advisory_xact_lock($1, $2)`, [LOCK_SPACE.apply, agencyLockKey(agency)]);
      const r = await projectBatch(tx.queryRunner!, agency, messages, { schema: 'public', trust: this.trust, mode: 'live', correlation: this.correlation });
      await this.signals.send(tx, this.signalsOf(r.changes, r.notices));
      return r;
    });
    for (const r of result.refusals) this.log.warn(`quarantined ${r.agency} position ${r.position}: ${r.reason}`);
    return result.outcomes;
  }

  /** Everything the feed hears of a batch, by kind: a new kind of signal is one more entry here and one `listen`. */
  private signalsOf(changes: readonly AlertChange[], notices: readonly FeedNotice[]): FeedSignal[] {
    return [...changes.map((body) => ({ kind: 'alert', body })), ...notices.map((body) => ({ kind: 'notice', body }))];
  }

  private listen<T>(kind: string, l: (body: T) => void): () => void {
    const set = this.listeners.get(kind) ?? new Set();
    this.listeners.set(kind, set);
    set.add(l);
    return () => set.delete(l);
  }
}

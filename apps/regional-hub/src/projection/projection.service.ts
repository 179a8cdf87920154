import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TrustStore } from '@cix/event-store';
import { projectBatch, type AlertChange, type MessageOutcome } from '@cix/read-model';
import { TRUST_STORE } from '../hub.tokens.js';
import { agencyLockKey, LOCK_SPACE } from '../replicas/agency-leases.js';
import { FeedSignals, type FeedSignal } from '../replicas/feed-signals.js';

export type { AlertChange } from '@cix/read-model';

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

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(TRUST_STORE) private readonly trust: TrustStore,
    @Inject(FeedSignals) private readonly signals: FeedSignals,
  ) {
    signals.onSignal((s) => {
      for (const l of this.listeners.get(s.kind) ?? []) l(s.body as never);
    });
  }

  /** Told about every alert that changed, after commit (the live feed listens). */
  onAlertChanged(l: (change: AlertChange) => void): () => void {
    return this.listen('alert', l);
  }

  /** One outcome per message, in order; throws only on infrastructure trouble (nothing is then applied). */
  async applyBatch(agency: string, messages: readonly unknown[]): Promise<MessageOutcome[]> {
    const result = await this.db.transaction(async (tx) => {
      // Never two replicas applying one agency at once, even while its lease changes hands (the checkpoint
      // row lock cannot serialise the very first batch: there is no row to lock yet).
      await tx.query(`SELECT pg_advisory_xact_lock($1, $2)`, [LOCK_SPACE.apply, agencyLockKey(agency)]);
      const r = await projectBatch(tx.queryRunner!, agency, messages, { schema: 'public', trust: this.trust, mode: 'live' });
      await this.signals.send(tx, this.signalsOf(r.changes));
      return r;
    });
    for (const r of result.refusals) this.log.warn(`quarantined ${r.agency} position ${r.position}: ${r.reason}`);
    return result.outcomes;
  }

  /** Everything the feed hears of a batch, by kind: a new kind of signal is one more entry here and one `listen`. */
  private signalsOf(changes: readonly AlertChange[]): FeedSignal[] {
    return changes.map((body) => ({ kind: 'alert', body }));
  }

  private listen<T>(kind: string, l: (body: T) => void): () => void {
    const set = this.listeners.get(kind) ?? new Set();
    this.listeners.set(kind, set);
    set.add(l);
    return () => set.delete(l);
  }
}

import { Logger } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { FEED_CHANNEL, type ReplicaSession } from './replica-session.js';

/** Something the projection committed that live feeds hear of: its kind (who listens) and a JSON body. */
export interface FeedSignal {
  readonly kind: string;
  readonly body: unknown;
}

/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; bigger bodies wait in a table. */
const MAX_PAYLOAD = 7000;
/** Overflow rows are read within moments; older ones are swept. */
const OVERFLOW_KEPT = '10 minutes';

/**
 * The feed's path across replicas: signals are sent with the projection's transaction (NOTIFY),
 * so they go out exactly when it commits and never when it rolls back, and PostgreSQL hands them to
 * every listening replica in commit order, the sender's own included. Each replica's listener gets
 * them in that order, overflow bodies fetched in turn.
 */
export class FeedSignals {
  private readonly log = new Logger('FeedSignals');
  private readonly listeners = new Set<(s: FeedSignal) => void>();
  private delivery = Promise.resolve();

  constructor(
    private readonly db: DataSource,
    session: ReplicaSession,
  ) {
    session.onSignal((payload) => this.heard(payload));
  }

  onSignal(l: (s: FeedSignal) => void): void {
    this.listeners.add(l);
  }

  /** Sends `signals` with the transaction `tx` (delivered when it commits). */
  async send(tx: EntityManager, signals: readonly FeedSignal[]): Promise<void> {
    if (!signals.length) return;
    const payloads: string[] = [];
    let overflowed = false;
    // The index keeps two equal signals of one transaction apart (PostgreSQL folds identical payloads).
    for (const [i, s] of signals.entries()) {
      const payload = JSON.stringify({ i, ...s });
      if (Buffer.byteLength(payload) < MAX_PAYLOAD) payloads.push(payload);
      else {
        const [{ id }] = await tx.query<Array<{ id: string }>>(`INSERT INTO hub_feed_overflow (body) VALUES ($1) RETURNING id`, [payload]);
        payloads.push(JSON.stringify({ i, ref: id }));
        overflowed = true;
      }
    }
    if (overflowed) await tx.query(`DELETE FROM hub_feed_overflow WHERE at < now() - interval '${OVERFLOW_KEPT}'`);
    await tx.query(`SELECT pg_notify($1, p) FROM unnest($2::text[]) WITH ORDINALITY AS t(p, n) ORDER BY n`, [FEED_CHANNEL, payloads]);
  }

  private heard(payload: string): void {
    this.delivery = this.delivery
      .then(async () => {
        let signal = JSON.parse(payload) as FeedSignal & { ref?: string };
        if (signal.ref !== undefined) {
          const [row] = await this.db.query<Array<{ body: string } | undefined>>(`SELECT body FROM hub_feed_overflow WHERE id = $1`, [signal.ref]);
          if (!row) throw new Error(`feed signal ${signal.ref} is gone`);
          signal = JSON.parse(row.body) as FeedSignal;
        }
        for (const l of this.listeners) l(signal);
      })
      .catch((e: Error) => this.log.warn(`a feed signal was not delivered: ${e.message}`));
  }
}

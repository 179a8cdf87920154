import { Logger } from '@nestjs/common';
import { jetstream } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';
import { REQUEST_ID_HEADER } from '@cix/contracts';
import type { DataSource, QueryRunner } from 'typeorm';
import type { NatsConnectionManager } from '@cix/messaging';
import type { EventStore } from '../event-store.js';
import { readWireBatch } from './wire-batch.js';

export { toWire } from './wire-batch.js';

/** Only one relay per node publishes: a session advisory lock elects it. */
const RELAY_LOCK = 7_240_002;

export interface RelayStatus {
  readonly leader: boolean;
  readonly checkpoint: number;
  readonly tail: number;
  readonly lag: number;
  readonly lastError: string | null;
  readonly lastPublishedAt: string | null;
}

/**
 * The event table is the outbox. The relay publishes events in global order with
 * Nats-Msg-Id = event id, and moves its checkpoint only after JetStream acknowledged the whole
 * batch. After a failure it republishes from the checkpoint; JetStream drops the duplicates
 * inside its duplicate window. Publishes within a batch are pipelined on one connection, which
 * keeps their order; a failure (e.g. connection loss) fails the rest of the batch too.
 */
export class OutboxRelay {
  private readonly log = new Logger('OutboxRelay');
  private lockHolder: QueryRunner | null = null;
  private readonly observers = new Set<(outcome: 'ok' | 'failed', events: number) => void>();
  private checkpoint: number | null = null;
  /** Last position handed to JetStream (may be ahead of the acknowledged checkpoint). */
  private sent = 0;
  private inFlight: Promise<void> = Promise.resolve();
  private stopped = false;
  private wake: (() => void) | null = null;
  /** While waiting for NATS, appends do not wake the relay: it would only read the backlog again to fail again. */
  private waitingForNats = false;
  private unsubscribe: Array<() => void> = [];
  private status: { leader: boolean; checkpoint: number; lastError: string | null; lastPublishedAt: string | null } = {
    leader: false,
    checkpoint: 0,
    lastError: null,
    lastPublishedAt: null,
  };

  constructor(
    private readonly db: DataSource,
    private readonly store: EventStore,
    private readonly nats: NatsConnectionManager,
    private readonly batchSize = 1000,
  ) {}

  start(): void {
    this.unsubscribe = [
      this.store.onAppended(() => {
        if (!this.waitingForNats) this.wake?.();
      }),
      // NATS back (reconnected, or a frozen server answering again): publish at once, whatever the backoff.
      this.nats.onUp(() => this.wake?.()),
    ];
    void this.run();
  }

  private async run(): Promise<void> {
    let backoff = 100;
    while (!this.stopped) {
      try {
        if (!(await this.ensureLeader())) {
          await this.sleep(2000);
          continue;
        }
        if (!this.nats.connected) {
          // Nothing can be published: the events wait in the outbox, the relay waits for NATS.
          this.status.lastError ??= 'NATS not connected';
          await this.sleep(5000, { untilNats: true });
          continue;
        }
        const published = await this.publishBatch();
        this.status.lastError = null;
        backoff = 100;
        if (published === 0) await this.sleep(1000);
      } catch (e) {
        this.status.lastError = (e as Error).message;
        await this.settleInFlight().catch(() => undefined);
        if (this.checkpoint !== null && this.sent > this.checkpoint) this.tell('failed', this.sent - this.checkpoint); // handed over, never acknowledged
        await this.dropLeadership(); // the lock's connection may be the thing that failed; restart from the durable checkpoint
        this.log.warn(`publish failed (${(e as Error).message}); retrying in ${backoff} ms`);
        // NATS down: wait for it. Otherwise (the database, say) the next append means it is back.
        await this.sleep(backoff, { untilNats: !this.nats.connected });
        backoff = Math.min(backoff * 2, 10_000);
      }
    }
  }

  private async ensureLeader(): Promise<boolean> {
    if (this.lockHolder) return true;
    const qr = this.db.createQueryRunner();
    await qr.connect();
    const [{ locked }] = (await qr.query('SELECT pg_try_advisory_lock($1) AS locked', [RELAY_LOCK])) as Array<{ locked: boolean }>;
    if (!locked) {
      await qr.release();
      return false;
    }
    this.lockHolder = qr;
    this.status.leader = true;
    return true;
  }

  /**
   * Publishes the next batch while the previous one's acknowledgements and checkpoint write are
   * still under way (two batches in flight at most): reading, publishing and committing overlap.
   * `sent` runs ahead of the durable checkpoint; after any failure the relay waits for what is in
   * flight and restarts from the durable checkpoint.
   */
  private async publishBatch(): Promise<number> {
    if (this.checkpoint === null) {
      const [{ position }] = await this.db.query<Array<{ position: string }>>('SELECT position FROM relay_checkpoint WHERE id = 1');
      this.checkpoint = Number(position);
      this.sent = this.checkpoint;
    }
    const events = await readWireBatch(this.db, this.store.agency, this.sent, this.batchSize);
    if (!events.length) {
      await this.settleInFlight();
      return 0;
    }
    const nc = this.nats.connection;
    if (!nc || !this.nats.connected) throw new Error('NATS not connected');
    const js = jetstream(nc, { timeout: 5000 });
    // Observed at once: a publish refused while the previous batch is still in flight (no responders
    // while a NATS cluster elects a stream leader) must not become an unhandled rejection, which
    // would end the process with committed events unpublished.
    const acks = Promise.all(events.map((e) => js.publish(e.subject, e.data, { msgID: e.eventId, headers: requestHeaders(e.requestId) })));
    acks.catch(() => undefined);
    const last = events[events.length - 1].position;
    this.sent = last;
    const previous = this.inFlight;
    this.inFlight = (async () => {
      await previous; // checkpoints move in order
      await acks;
      await this.db.query('UPDATE relay_checkpoint SET position = $1, updated_at = now() WHERE id = 1 AND position < $1', [last]);
      this.checkpoint = last;
      this.status.checkpoint = last;
      this.status.lastPublishedAt = new Date().toISOString();
      this.tell('ok', events.length);
    })();
    this.inFlight.catch(() => undefined); // observed by settleInFlight or the next batch
    await previous; // at most two batches in flight
    return events.length;
  }

  private async settleInFlight(): Promise<void> {
    const p = this.inFlight;
    this.inFlight = Promise.resolve();
    await p;
  }

  /** Told how many events were acknowledged by JetStream (and checkpointed), or handed over and not acknowledged (metrics). */
  observe(observer: (outcome: 'ok' | 'failed', events: number) => void): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  private tell(outcome: 'ok' | 'failed', events: number): void {
    for (const o of this.observers) o(outcome, events);
  }

  async getStatus(): Promise<RelayStatus> {
    const tail = await this.store.tailPosition();
    const [{ position }] = await this.db.query<Array<{ position: string }>>('SELECT position FROM relay_checkpoint WHERE id = 1');
    const checkpoint = Number(position);
    return { ...this.status, checkpoint, tail, lag: tail - checkpoint };
  }

  /** `untilNats`: woken early only by NATS coming back (or stop), not by appends. */
  private sleep(ms: number, { untilNats = false } = {}): Promise<void> {
    this.waitingForNats = untilNats;
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.waitingForNats = false;
        resolve();
      };
      const t = setTimeout(done, ms);
      this.wake = done;
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const u of this.unsubscribe.splice(0)) u();
    this.wake?.();
    await this.settleInFlight().catch(() => undefined);
    await this.dropLeadership();
  }

  private async dropLeadership(): Promise<void> {
    const qr = this.lockHolder;
    this.lockHolder = null;
    this.checkpoint = null;
    this.status.leader = false;
    if (!qr) return;
    await qr.query('SELECT pg_advisory_unlock($1)', [RELAY_LOCK]).catch(() => undefined);
    await qr.release().catch(() => undefined);
  }
}

/** The request that caused the event travels as a header, so the hub can log it without reading the payload. */
function requestHeaders(requestId: string | undefined) {
  if (!requestId) return undefined;
  const h = headers();
  h.set(REQUEST_ID_HEADER, requestId);
  return h;
}

import { Catch, Logger, type RpcExceptionFilter } from '@nestjs/common';
import { CustomTransportStrategy, RpcException, Server } from '@nestjs/microservices';
import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  JetStreamApiCodes,
  JetStreamApiError,
  type ConsumerMessages,
  type JsMsg,
} from '@nats-io/jetstream';
import { lastValueFrom, throwError, type Observable } from 'rxjs';
import { hubConsumerConfig, hubDurableName, REQUEST_ID_HEADER, streamName } from '@cix/contracts';
import type { NatsConnection } from '@nats-io/transport-node';
import type { NatsConnectionManager } from './nats-connection.js';

// Nest's RPC exception filter turns handler errors into plain objects; these two survive it as
// `{ outcome, message }` so the transport can tell "later" and "never" from infrastructure trouble.
type Outcome = 'retry-later' | 'unprocessable';
const outcomeOf = (e: unknown): { outcome?: Outcome; message: string } =>
  typeof e === 'object' && e !== null ? (e as { outcome?: Outcome; message: string }) : { message: String(e) };

/** Thrown by a handler that cannot apply a message yet (e.g. its predecessor has not arrived). */
export class RetryLater extends RpcException {
  constructor(message: string) {
    super({ outcome: 'retry-later', message });
  }
}
/** Thrown by a handler for a message that can never be applied (forged, malformed, foreign). */
export class Unprocessable extends RpcException {
  constructor(message: string) {
    super({ outcome: 'unprocessable', message });
  }
}

/** How often messages being handled, buffered or held tell JetStream they are still in progress. */
const KEEP_ALIVE_MS = 3000;
/**
 * How long a message that must wait for its predecessor is held in memory (and offered again with
 * each batch) before it goes back to JetStream with a delay. Longer than the consumer's ack_wait
 * (10 s): what a killed hub had pulled comes back within it, and everything held behind the gap is
 * applied in the same batch, instead of each message returning on its own growing delay.
 */
const HOLD_MS = 20_000;
/** While messages are held, batches are at least this far apart (each offers every held message again). */
const HELD_PAUSE_MS = 200;
/** How often the lag shown by health is read from the consumer (events delivered or not, not yet acknowledged). */
const LAG_EVERY_MS = 1000;

/** What the transport hands to the batch handler as @Ctx(): the agency and each message's delivery facts, in order. */
export class JetStreamBatchContext {
  constructor(
    readonly agency: string,
    readonly messages: ReadonlyArray<{
      readonly subject: string;
      readonly streamSequence: number;
      readonly deliveryCount: number;
      /** The request that caused the event (the relay's header), for the log. */
      readonly requestId?: string;
    }>,
  ) {}
}

/**
 * What the batch handler says of each message it was given, in the same order: done (applied or
 * already applied: ack), retry-later (nak with delay), unprocessable (quarantine and term).
 */
export type MessageVerdict = { readonly outcome: 'done' } | { readonly outcome: Outcome; readonly message: string };

export interface PoisonSink {
  /** Records a message that will never be processed (bad JSON, unknown type, retries exhausted). */
  quarantine(entry: { agency: string; subject: string; streamSequence: number; reason: string; raw: string }): Promise<void>;
}

export interface JetStreamServerOptions {
  readonly nats: NatsConnectionManager;
  readonly agencies: readonly string[];
  /** Pattern the @EventPattern handlers use; every message of the consumed streams goes to it. */
  readonly pattern: string;
  readonly poison: PoisonSink;
  /** Used only until the consumer's own max_deliver (set at provisioning) has been read. */
  readonly maxDeliver?: number;
  /** At most this many messages per handler call (default 500): what arrived since the last call, never waited for. */
  readonly maxBatch?: number;
  /** Consume only the agencies handed over by `consume` (and until `release`), not all from the start: several hub replicas share the agencies. */
  readonly claimed?: boolean;
}

/** One agency's consuming loop; `stopped` once released (or the server closed). */
interface Run {
  stopped: boolean;
  messages?: ConsumerMessages;
  done: Promise<void>;
}

/**
 * Nest transport over JetStream durable pull consumers (Nest's own NATS transport has no acks).
 * One consumer per agency stream; the handler gets, in order, the messages delivered since its last
 * call returned (at most `maxBatch`; a batch is never waited for, so latency stays that of one
 * message), and answers with a verdict per message. Agencies proceed independently, so one
 * agency's trouble never blocks another's. Ack what is done; hold in memory (bounded, for a while)
 * what must wait for its predecessor, and offer it again with the next batch, then nak with delay;
 * term + quarantine what can never succeed or exhausted its retries: nothing is redelivered forever.
 */
export class JetStreamServer extends Server implements CustomTransportStrategy {
  private readonly log = new Logger('JetStreamServer');
  private readonly runs = new Map<string, Run>();
  private closed = false;
  readonly lagByAgency = new Map<string, number>();
  /** Agencies whose current message keeps failing, with the last error: shown by health. */
  readonly stalled = new Map<string, string>();
  /** Agencies whose stream or durable consumer is not provisioned (or not reachable) yet, with why. */
  readonly waiting = new Map<string, string>();
  private readonly maxDeliver = new Map<string, number>();

  constructor(private readonly opts: JetStreamServerOptions) {
    super();
  }

  listen(callback: () => void): void {
    if (!this.opts.claimed) for (const agency of this.opts.agencies) this.consume(agency);
    callback();
  }

  /** The agencies being consumed now. */
  get consuming(): string[] {
    return [...this.runs.keys()].sort();
  }

  /** Starts consuming `agency` (after its previous loop, if any, has ended). */
  consume(agency: string): void {
    if (this.closed || this.runs.has(agency)) return;
    const previous = this.ended.get(agency) ?? Promise.resolve();
    const run: Run = { stopped: false, done: Promise.resolve() };
    run.done = previous.then(() => this.consumeAgency(agency, run));
    this.runs.set(agency, run);
    this.ended.set(agency, run.done);
  }

  /** Stops consuming `agency`: pulls stop, buffered messages go back, and the batch being applied finishes first. */
  async release(agency: string): Promise<void> {
    const run = this.runs.get(agency);
    if (!run) return;
    this.runs.delete(agency);
    run.stopped = true;
    run.messages?.stop();
    await run.done;
    if (!this.runs.has(agency)) for (const m of [this.lagByAgency, this.stalled, this.waiting]) m.delete(agency);
  }

  private readonly ended = new Map<string, Promise<void>>();

  /**
   * Binds to the durable consumer the operator provisioned. A missing stream is waited for, visible
   * in health and the log; a missing consumer (deleted by an operator) is recreated from the one
   * definition provisioning also uses, and the loop binds to it.
   */
  private async consumeAgency(agency: string, run: Run): Promise<void> {
    const stopped = () => run.stopped || this.closed;
    let delay = 500;
    while (!stopped()) {
      try {
        const nc = await this.opts.nats.whenConnected();
        const consumer = await jetstream(nc)
          .consumers.get(streamName(agency), hubDurableName(agency))
          .catch(async (e: unknown) => {
            if (!(e instanceof JetStreamApiError && e.code === JetStreamApiCodes.ConsumerNotFound) || stopped()) throw e;
            await this.recreate(nc, agency);
            return jetstream(nc).consumers.get(streamName(agency), hubDurableName(agency));
          });
        const info = await consumer.info(true);
        const provisioned = info.config.max_deliver ?? 0;
        this.maxDeliver.set(agency, provisioned > 0 ? provisioned : (this.opts.maxDeliver ?? 20));
        const max = this.opts.maxBatch ?? 500;
        // A consumer deleted under us (by an operator) ends the pull instead of being waited for
        // silently: the loop below reports it in health (`waiting`), recreates it and reattaches.
        // A recreated consumer delivers from the stream's start; the projector acknowledges what
        // the hub's checkpoint already holds without applying it twice (health's lag shows it).
        // Pulls expire after 5 s (idle heartbeats every 2.5 s): when the consumer's leader is lost (a
        // NATS cluster server killed), two missed heartbeats make the client pull again from the
        // new leader within ~5 s; the default (30 s) left the hub idle for ~50 s.
        const messages = await consumer.consume({ max_messages: 2 * max, expires: 5_000, abort_on_missing_resource: true });
        run.messages = messages;
        if (stopped()) messages.stop();
        if (this.waiting.delete(agency)) this.log.log(`consumer ${streamName(agency)}.${hubDurableName(agency)} is there now: consuming`);
        delay = 500;
        // Health's lag is the events of this agency not yet acknowledged, wherever they are: not yet
        // delivered, buffered, held behind a gap, or pulled by a hub that died (back after ack_wait).
        const lag = setInterval(() => {
          consumer
            .info()
            .then((i) => {
              if (!stopped()) this.lagByAgency.set(agency, i.num_pending + i.num_ack_pending);
            })
            .catch(() => undefined);
        }, LAG_EVERY_MS);
        lag.unref();
        try {
          await this.inBatches(messages, max, stopped, async (batch, buffered, hold) => {
            // Not done yet: this batch, what is buffered behind it and what the server still holds,
            // at least (the consumer's own count, read every second, also has what another hub pulled).
            const behind = buffered + batch[batch.length - 1].info.pending;
            this.lagByAgency.set(agency, Math.max(this.lagByAgency.get(agency) ?? 0, batch.length + behind));
            await this.handle(agency, batch, stopped, hold);
          });
        } finally {
          run.messages = undefined;
          clearInterval(lag);
        }
      } catch (e) {
        if (stopped()) return;
        const message = (e as Error).message;
        if (!this.waiting.has(agency))
          this.log.warn(
            `consumer ${streamName(agency)}.${hubDurableName(agency)} unavailable (${message}): retrying (a deleted consumer is recreated, a missing stream waits for provisioning)`,
          );
        this.waiting.set(agency, message);
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 5000);
      }
    }
  }

  /**
   * Creates the hub's durable consumer on `agency`'s stream again, with the settings provisioning
   * gives it (its max_deliver as last read from it, if it was). The hub's NATS user may create
   * exactly this consumer and no other (tools/infra/nats.mjs); a stream that is missing is the
   * operator's to create, so that error goes back to the loop, which waits for it.
   */
  private async recreate(nc: NatsConnection, agency: string): Promise<void> {
    const config = hubConsumerConfig(agency, { maxDeliver: this.maxDeliver.get(agency) ?? this.opts.maxDeliver });
    this.waiting.set(agency, 'consumer deleted: recreating it');
    const jsm = await jetstreamManager(nc, { checkAPI: false });
    await jsm.consumers.add(streamName(agency), { ...config, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All });
    this.log.warn(`consumer ${streamName(agency)}.${config.durable_name} was missing: recreated it; resuming from the hub's own checkpoint`);
  }

  /**
   * Reads the consumer into a bounded buffer while the previous batch is being handled, and hands
   * over whatever is buffered (up to `max`) as soon as the handler is free.
   */
  private async inBatches(
    messages: ConsumerMessages,
    max: number,
    stopped: () => boolean,
    handle: (batch: JsMsg[], buffered: number, hold: (m: JsMsg) => boolean) => Promise<void>,
  ): Promise<void> {
    const buffer: JsMsg[] = [];
    // Messages waiting for a predecessor (a position gap), with when they were first held; bounded.
    let held: JsMsg[] = [];
    let since = new Map<number, number>();
    let batch: JsMsg[] = [];
    let lastHeld = 0;
    let ended = false;
    let wake: (() => void) | undefined;
    let room: (() => void) | undefined;
    const pump = (async () => {
      try {
        for await (const m of messages) {
          buffer.push(m);
          wake?.();
          // Backpressure: the consumer pulls more only as this loop takes messages.
          while (buffer.length >= 2 * max && !stopped()) await new Promise<void>((r) => (room = r));
        }
      } finally {
        ended = true;
        wake?.();
      }
    })();
    // The pull may end with an error (its consumer deleted) while a batch is being applied, long
    // before the `await pump` below observes it: unobserved meanwhile, it crashed the process.
    pump.catch(() => undefined);
    // While a batch is applied or held (an outage), neither it nor what is buffered or held behind it
    // is redelivered: they keep their delivery budget. Well inside the consumer's ack_wait (10 s,
    // short so that a crashed hub's unacknowledged messages come back soon: streams.mjs).
    const keepAlive = setInterval(() => {
      for (const m of [...batch, ...buffer, ...held]) m.working();
    }, KEEP_ALIVE_MS);
    keepAlive.unref();
    try {
      for (;;) {
        if (stopped()) break;
        const due = held.length ? Math.min(...since.values()) + HOLD_MS : Infinity;
        if (!buffer.length && Date.now() < due) {
          if (ended) break;
          // Held messages are offered again with the next arrival (their predecessor, usually), or
          // once the oldest has waited HOLD_MS (it then goes back to JetStream with a delay).
          let timer: NodeJS.Timeout | undefined;
          await new Promise<void>((r) => {
            wake = r;
            if (due !== Infinity) timer = setTimeout(r, due - Date.now());
          });
          clearTimeout(timer);
          wake = undefined;
          continue;
        }
        // While messages are held, gather arrivals for a moment: each batch offers all of them again.
        const pause = held.length && buffer.length < max ? lastHeld + HELD_PAUSE_MS - Date.now() : 0;
        if (pause > 0 && Date.now() < due) {
          await new Promise((r) => setTimeout(r, pause));
          continue;
        }
        // The projector orders a batch by position: held messages go in with what arrived since.
        batch = [...held, ...buffer.splice(0, max)];
        held = [];
        room?.();
        const wasHeld = since;
        since = new Map();
        const hold = (m: JsMsg): boolean => {
          const first = wasHeld.get(m.info.streamSequence) ?? Date.now();
          if (Date.now() - first >= HOLD_MS || held.length >= 2 * max) return false;
          held.push(m);
          since.set(m.info.streamSequence, first);
          return true;
        };
        try {
          await handle(batch, buffer.length, hold);
        } finally {
          batch = [];
          if (held.length) lastHeld = Date.now();
        }
      }
    } finally {
      clearInterval(keepAlive);
      for (const m of held.splice(0)) m.nak();
      // On any exit (closing, or the handler threw) the pull stops and what is buffered goes back
      // at once: a pump left running would hold up to max_ack_pending messages until ack_wait.
      messages.stop();
      for (const m of buffer.splice(0)) m.nak();
      room?.();
      await pump;
      for (const m of buffer.splice(0)) m.nak();
    }
  }

  private async handle(agency: string, batch: JsMsg[], stopped: () => boolean, hold: (m: JsMsg) => boolean): Promise<void> {
    const done = this.track();
    try {
      await this.process(agency, batch, stopped, hold);
    } finally {
      done();
    }
  }

  private inFlight = 0;
  private idle: Array<() => void> = [];

  private track(): () => void {
    this.inFlight++;
    return () => {
      if (--this.inFlight === 0) for (const r of this.idle.splice(0)) r();
    };
  }

  /**
   * Records the message and terminates it. When the record cannot be written, only this message
   * waits (nak, redelivered later; health shows why): the consumer and the agency's other messages go on.
   */
  private async quarantine(agency: string, m: JsMsg, reason: string): Promise<void> {
    try {
      await this.opts.poison.quarantine({ agency, subject: m.subject, streamSequence: m.info.streamSequence, reason, raw: m.string().slice(0, 100_000) });
    } catch (e) {
      const message = `seq ${m.info.streamSequence} could not be quarantined: ${(e as Error).message}`;
      this.stalled.set(agency, message);
      this.log.warn(`${agency} ${message}`);
      return void m.nak(Math.min(250 * 2 ** m.info.deliveryCount, 30_000));
    }
    // No reason in the +TERM: nats-server before 2.10 takes "+TERM <reason>" for an unknown ack and
    // ignores it, so the message came back after ack_wait and was quarantined again, up to
    // max_deliver times. The quarantine row holds the reason.
    m.term();
  }

  private async process(agency: string, batch: JsMsg[], stopped: () => boolean, hold: (m: JsMsg) => boolean): Promise<void> {
    const parsed: Array<{ m: JsMsg; data: unknown }> = [];
    for (const m of batch) {
      try {
        parsed.push({ m, data: JSON.parse(m.string()) });
      } catch {
        await this.quarantine(agency, m, 'invalid JSON');
      }
    }
    if (!parsed.length) return;
    const handler = this.getHandlerByPattern(this.opts.pattern);
    if (!handler) {
      for (const { m } of parsed) await this.quarantine(agency, m, `no handler for ${this.opts.pattern}`);
      return;
    }
    const ctx = new JetStreamBatchContext(
      agency,
      parsed.map(({ m }) => ({
        subject: m.subject,
        streamSequence: m.info.streamSequence,
        deliveryCount: m.info.deliveryCount,
        requestId: m.headers?.get(REQUEST_ID_HEADER) || undefined,
      })),
    );
    // Infrastructure failures (database down) are retried here, holding the messages, so an
    // outage of any length loses nothing and does not burn the redelivery budget.
    for (let attempt = 0; !stopped(); attempt++) {
      let verdicts: MessageVerdict[];
      try {
        const answer: unknown = await lastValueFrom(
          this.transformToObservable(
            await handler(
              parsed.map((p) => p.data),
              ctx,
            ),
          ),
          { defaultValue: undefined },
        );
        if (!Array.isArray(answer) || answer.length !== parsed.length) throw new Error(`handler for ${this.opts.pattern} must answer one verdict per message`);
        verdicts = answer as MessageVerdict[];
      } catch (err) {
        const e = outcomeOf(err);
        if (e.outcome) {
          // A verdict on the whole batch.
          verdicts = parsed.map(() => ({ outcome: e.outcome!, message: e.message }));
        } else {
          this.stalled.set(agency, e.message);
          if (attempt % 10 === 0) this.log.warn(`${agency} seq ${parsed[0].m.info.streamSequence}..: ${e.message}; retrying`);
          for (const { m } of parsed) m.working();
          await new Promise((r) => setTimeout(r, Math.min(200 * 2 ** attempt, 5000)));
          continue;
        }
      }
      this.stalled.delete(agency);
      for (const [i, { m }] of parsed.entries()) await this.settle(agency, m, verdicts[i], hold);
      return;
    }
    for (const { m } of parsed) m.nak();
  }

  private async settle(agency: string, m: JsMsg, v: MessageVerdict, hold: (m: JsMsg) => boolean): Promise<void> {
    if (v.outcome === 'done') return void m.ack();
    if (v.outcome === 'unprocessable') return this.quarantine(agency, m, v.message);
    // Held in memory (not redelivered, no delivery spent) until its predecessor arrives or HOLD_MS passes.
    if (hold(m)) return;
    if (m.info.deliveryCount >= (this.maxDeliver.get(agency) ?? this.opts.maxDeliver ?? 20) - 1)
      return this.quarantine(agency, m, `gave up after ${m.info.deliveryCount} deliveries: ${v.message}`);
    // Short: a gap held for HOLD_MS that still has not filled is rare; what fills it is usually back within ack_wait.
    m.nak(Math.min(250 * 2 ** m.info.deliveryCount, 5_000));
  }

  on(): never {
    throw new Error('JetStreamServer does not support event listeners');
  }

  unwrap<T>(): T {
    return this.opts.nats as T;
  }

  /** Stops consuming and waits for the messages being handled, so the database outlives them. */
  async close(): Promise<void> {
    this.closed = true;
    for (const run of this.runs.values()) run.messages?.stop();
    if (this.inFlight > 0) await new Promise<void>((r) => this.idle.push(r));
  }
}

/**
 * Passes RetryLater/Unprocessable through to the transport without Nest logging them as errors:
 * they are expected outcomes (the quarantine records the latter with its reason).
 */
@Catch()
export class TransportOutcomeFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    if (exception instanceof RpcException) return throwError(() => exception.getError());
    // Infrastructure trouble, retried by the transport: keep its cause for health and the log
    // (Nest's default filter would turn it into "Internal server error").
    return throwError(() => ({ message: exception instanceof Error ? exception.message : String(exception) }));
  }
}

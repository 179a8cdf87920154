import { Catch, Logger, type RpcExceptionFilter } from '@nestjs/common';
import { CustomTransportStrategy, RpcException, Server } from '@nestjs/microservices';
import { jetstream, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import { lastValueFrom, throwError, type Observable } from 'rxjs';
import { hubDurableName, streamName } from '@cix/contracts';
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

/** What the transport hands to handlers as @Ctx(). */
export class JetStreamContext {
  constructor(
    readonly subject: string,
    readonly agency: string,
    readonly deliveryCount: number,
    readonly streamSequence: number,
  ) {}
}

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
}

/**
 * Nest transport over JetStream durable pull consumers (Nest's own NATS transport has no acks).
 * One consumer per agency stream, processed one message at a time so each agency's events apply
 * in order; agencies proceed independently, so one agency's trouble never blocks another's.
 * Ack after the handler succeeded; nak with growing delay on failure; term + quarantine when a
 * message can never succeed or retries are exhausted: nothing is redelivered forever.
 */
export class JetStreamServer extends Server implements CustomTransportStrategy {
  private readonly log = new Logger('JetStreamServer');
  private readonly running: ConsumerMessages[] = [];
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
    for (const agency of this.opts.agencies) void this.consumeAgency(agency);
    callback();
  }

  /**
   * Binds to the durable consumer the operator provisioned; never creates one (the hub's NATS user
   * may not). A missing stream or consumer is waited for, visible in health and the log.
   */
  private async consumeAgency(agency: string): Promise<void> {
    let delay = 500;
    while (!this.closed) {
      try {
        const nc = await this.opts.nats.whenConnected();
        const consumer = await jetstream(nc).consumers.get(streamName(agency), hubDurableName(agency));
        const info = await consumer.info(true);
        const provisioned = info.config.max_deliver ?? 0;
        this.maxDeliver.set(agency, provisioned > 0 ? provisioned : (this.opts.maxDeliver ?? 20));
        const messages = await consumer.consume({ max_messages: 256 });
        this.running.push(messages);
        if (this.waiting.delete(agency)) this.log.log(`consumer ${streamName(agency)}.${hubDurableName(agency)} is there now: consuming`);
        delay = 500;
        for await (const m of messages) {
          await this.handle(agency, m);
          this.lagByAgency.set(agency, m.info.pending);
        }
      } catch (e) {
        if (this.closed) return;
        const message = (e as Error).message;
        if (!this.waiting.has(agency))
          this.log.warn(`consumer ${streamName(agency)}.${hubDurableName(agency)} unavailable (${message}): waiting for it to be provisioned`);
        this.waiting.set(agency, message);
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 5000);
      }
    }
  }

  private async handle(agency: string, m: JsMsg): Promise<void> {
    const done = this.track();
    try {
      await this.process(agency, m);
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

  private async process(agency: string, m: JsMsg): Promise<void> {
    const raw = m.string();
    const seq = m.info.streamSequence;
    const quarantine = async (reason: string) => {
      await this.opts.poison.quarantine({ agency, subject: m.subject, streamSequence: seq, reason, raw: raw.slice(0, 100_000) });
      m.term(reason);
    };
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch {
      return quarantine('invalid JSON');
    }
    const handler = this.getHandlerByPattern(this.opts.pattern);
    if (!handler) return quarantine(`no handler for ${this.opts.pattern}`);
    const ctx = new JetStreamContext(m.subject, agency, m.info.deliveryCount, seq);
    // Infrastructure failures (database down) are retried here, holding the message, so an
    // outage of any length loses nothing and does not burn the redelivery budget.
    for (let attempt = 0; !this.closed; attempt++) {
      try {
        await lastValueFrom(this.transformToObservable(await handler(data, ctx)), { defaultValue: undefined });
        m.ack();
        this.stalled.delete(agency);
        return;
      } catch (err) {
        const e = outcomeOf(err);
        if (e.outcome === 'unprocessable') return quarantine(e.message);
        if (e.outcome === 'retry-later') {
          if (m.info.deliveryCount >= (this.maxDeliver.get(agency) ?? this.opts.maxDeliver ?? 20) - 1)
            return quarantine(`gave up after ${m.info.deliveryCount} deliveries: ${e.message}`);
          m.nak(Math.min(250 * 2 ** m.info.deliveryCount, 30_000));
          return;
        }
        this.stalled.set(agency, e.message);
        if (attempt % 10 === 0) this.log.warn(`${agency} seq ${seq}: ${e.message}; retrying`);
        m.working();
        await new Promise((r) => setTimeout(r, Math.min(200 * 2 ** attempt, 5000)));
      }
    }
    m.nak();
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
    for (const m of this.running.splice(0)) m.stop();
    if (this.inFlight > 0) await new Promise<void>((r) => this.idle.push(r));
  }
}

/**
 * Passes RetryLater/Unprocessable through to the transport without Nest logging them as errors:
 * they are expected outcomes (the quarantine records the latter with its reason).
 */
@Catch(RpcException)
export class TransportOutcomeFilter implements RpcExceptionFilter<RpcException> {
  catch(exception: RpcException): Observable<never> {
    return throwError(() => exception.getError());
  }
}

import { Logger } from '@nestjs/common';
import { connect, type NatsConnection, type TlsOptions } from '@nats-io/transport-node';
import { natsInboxPrefix } from '@cix/contracts';

export interface NatsSettings {
  /** One server URL, or a cluster's as a comma-separated list (NATS_URL). */
  readonly url: string;
  readonly user?: string;
  readonly password?: string;
  readonly name: string;
  /** TLS to nats-server; undefined = as the URL says (tls:// requires TLS with the system CAs). */
  readonly tls?: TlsOptions;
}

/**
 * Client TLS from the validated config: the CA that signed the server's certificate, and a client
 * certificate when the server verifies clients. Any of them makes TLS required, certificate checked.
 */
export function natsTls(config: { NATS_TLS_CA_FILE?: string; NATS_TLS_CERT_FILE?: string; NATS_TLS_KEY_FILE?: string }): TlsOptions | undefined {
  const { NATS_TLS_CA_FILE: caFile, NATS_TLS_CERT_FILE: certFile, NATS_TLS_KEY_FILE: keyFile } = config;
  if (!caFile && !certFile && !keyFile) return undefined;
  if (!!certFile !== !!keyFile) throw new Error('NATS_TLS_CERT_FILE and NATS_TLS_KEY_FILE go together');
  // The client reads the files at every (re)connect, so renewed certificates are picked up.
  return { ...(caFile ? { caFile } : {}), ...(certFile && keyFile ? { certFile, keyFile } : {}) };
}

/** How often the link is checked for a server that holds it open but answers nothing, and how long an answer may take. */
const PROBE_EVERY_MS = 2000;
const PROBE_TIMEOUT_MS = 4000;

/**
 * The servers of a NATS_URL: several when it lists a cluster's, so the client can connect (and
 * reconnect) through any member even if the first is down when the service starts.
 */
export function natsServers(url: string): string[] {
  return url
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
}

/**
 * Keeps one NATS connection alive without ever blocking the service: a node must accept posts
 * while NATS is down (its outbox keeps the events), so connecting happens in the background and
 * retries forever; readiness reports whether we are connected.
 */
export class NatsConnectionManager {
  private nc: NatsConnection | null = null;
  private stopped = false;
  private waiters: Array<(nc: NatsConnection) => void> = [];
  private readonly upListeners = new Set<() => void>();
  private readonly logger: Logger;
  private linkUp = false;
  /** False while the server holds the link open but answers nothing (frozen, overloaded): see probe(). */
  private responsive = true;
  /** The probe's PING still waiting for its PONG; forgotten when the link drops (the client re-pings after reconnecting). */
  private unanswered: Promise<void> | null = null;
  lastError: string | null = null;

  constructor(private readonly settings: NatsSettings) {
    this.logger = new Logger(`NATS ${settings.name}`);
  }

  start(): void {
    void this.loop();
  }

  private async loop(): Promise<void> {
    let delay = 200;
    while (!this.stopped) {
      try {
        const nc = await connect({
          servers: natsServers(this.settings.url),
          user: this.settings.user,
          pass: this.settings.password,
          name: this.settings.name,
          tls: this.settings.tls,
          // Replies go to a per-user inbox: the server config lets no other user read it.
          inboxPrefix: this.settings.user ? natsInboxPrefix(this.settings.user) : undefined,
          maxReconnectAttempts: -1,
          reconnectTimeWait: 500,
        });
        if (this.stopped) {
          // stop() ran while this connection was being made: nobody will close it later, and its
          // endless reconnecting would keep the process alive.
          await nc.close().catch(() => undefined);
          return;
        }
        this.nc = nc;
        this.linkUp = true;
        this.responsive = true;
        this.lastError = null;
        void this.watch(nc);
        void this.probe(nc);
        delay = 200;
        this.logger.log(`connected to ${this.settings.url}`);
        for (const w of this.waiters.splice(0)) w(nc);
        this.up();
        const err = await nc.closed();
        this.nc = null;
        if (err) this.lastError = err.message;
      } catch (e) {
        this.lastError = (e as Error).message;
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 5000);
      }
    }
  }

  private async watch(nc: NatsConnection): Promise<void> {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect') {
        this.linkUp = false;
        this.unanswered = null;
        this.lastError = 'disconnected';
      } else if (s.type === 'reconnect') {
        this.linkUp = true;
        this.responsive = true;
        this.unanswered = null;
        this.lastError = null;
        this.up();
      }
    }
    this.linkUp = false;
  }

  /**
   * A server stopped by SIGSTOP (or stuck) keeps its TCP connections open: the client sees no
   * disconnect for minutes (until its own pings go unanswered twice), publishes time out one by
   * one and health would still say "up". A PING every PROBE_EVERY_MS that has no PONG within
   * PROBE_TIMEOUT_MS marks the link unresponsive until that PONG arrives; nothing is torn down.
   */
  private async probe(nc: NatsConnection): Promise<void> {
    while (!this.stopped && this.nc === nc && !nc.isClosed()) {
      await new Promise((r) => setTimeout(r, PROBE_EVERY_MS).unref());
      if (!this.linkUp || this.unanswered || nc.isClosed()) continue;
      const ping = nc.flush();
      const answered = ping.then(
        () => true,
        () => false,
      );
      const inTime = await Promise.race([answered, new Promise<false>((r) => setTimeout(() => r(false), PROBE_TIMEOUT_MS).unref())]);
      if (inTime) continue;
      this.responsive = false;
      this.lastError = 'the server does not answer';
      this.logger.warn(`${this.settings.url} does not answer within ${PROBE_TIMEOUT_MS} ms`);
      const mine = (this.unanswered = answered.then(() => undefined));
      void answered.then((ok) => {
        if (this.unanswered !== mine) return; // the link dropped meanwhile: the watcher decides
        this.unanswered = null;
        if (!ok) return;
        this.responsive = true;
        this.lastError = null;
        this.logger.log(`${this.settings.url} answers again`);
        this.up();
      });
    }
  }

  /** Calls `listener` whenever the link comes (back) up: connected, reconnected, answering again. */
  onUp(listener: () => void): () => void {
    this.upListeners.add(listener);
    return () => this.upListeners.delete(listener);
  }

  private up(): void {
    for (const l of this.upListeners) l();
  }

  /** The live connection, or null while disconnected. */
  get connection(): NatsConnection | null {
    return this.nc && !this.nc.isClosed() ? this.nc : null;
  }

  /** False while the client is reconnecting or the server does not answer, even though the connection object still exists. */
  get connected(): boolean {
    return !!this.connection && this.linkUp && this.responsive;
  }

  whenConnected(): Promise<NatsConnection> {
    const nc = this.connection;
    return nc ? Promise.resolve(nc) : new Promise((r) => this.waiters.push(r));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const nc = this.nc;
    this.nc = null;
    if (!nc) return;
    // Drain flushes what is in flight; while the server is unreachable it may never finish, and a
    // connection left reconnecting forever keeps the process alive: close it after a grace period.
    const grace = new Promise<void>((r) => setTimeout(r, 2000).unref());
    await Promise.race([nc.drain().catch(() => undefined), grace]);
    await nc.close().catch(() => undefined);
  }
}

import { readFileSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import pg from 'pg';

/** The channel on which every replica hears what any replica's projection committed. */
export const FEED_CHANNEL = 'cix_hub_feed';

/**
 * This replica's own PostgreSQL session, apart from the pool: it holds the agency leases (session
 * advisory locks) and listens for feed signals. When the process dies, its session ends and
 * PostgreSQL drops its locks, so another replica takes over; when only the session is lost, `onLost`
 * tells the owner to stop consuming at once (it no longer holds anything) and it reconnects.
 */
export class ReplicaSession {
  private readonly log = new Logger('ReplicaSession');
  private client: pg.Client | null = null;
  private connecting: Promise<pg.Client | null> | null = null;
  private closed = false;
  private readonly lost = new Set<() => void>();
  private readonly heard = new Set<(payload: string) => void>();

  constructor(
    private readonly url: string,
    private readonly name: string,
    private readonly sslCaFile?: string,
  ) {}

  /** Called when the session ended: every lock it held is gone. */
  onLost(l: () => void): void {
    this.lost.add(l);
  }

  /** Called with the payload of each feed signal, in commit order. */
  onSignal(l: (payload: string) => void): void {
    this.heard.add(l);
  }

  /** The connected session, connecting (and listening) first if needed; null while PostgreSQL is unreachable. */
  async session(): Promise<pg.Client | null> {
    if (this.client || this.closed) return this.client;
    this.connecting ??= this.connect().finally(() => (this.connecting = null));
    return this.connecting;
  }

  /** Runs `text` on the session; a failure ends the session (its locks are then not to be trusted). */
  async query<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[] | null> {
    const c = await this.session();
    if (!c) return null;
    try {
      return (await c.query<T>(text, values)).rows;
    } catch (e) {
      this.log.warn(`session query failed (${(e as Error).message}): dropping the session`);
      this.drop(c);
      return null;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => undefined);
  }

  private async connect(): Promise<pg.Client | null> {
    const c = new pg.Client({
      connectionString: this.url,
      application_name: this.name,
      ...(this.sslCaFile ? { ssl: { ca: readFileSync(this.sslCaFile, 'utf8'), rejectUnauthorized: true } } : {}),
      keepAlive: true,
      // A session that stops answering must not look alive: its locks may already be gone.
      query_timeout: 15_000,
    });
    c.on('error', (e) => {
      this.log.warn(`session error (${e.message})`);
      this.drop(c);
    });
    c.on('end', () => this.drop(c));
    c.on('notification', (n) => {
      if (n.channel === FEED_CHANNEL && n.payload !== undefined) for (const l of this.heard) l(n.payload);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${FEED_CHANNEL}`);
    } catch (e) {
      this.log.warn(`cannot open the replica session (${(e as Error).message})`);
      await c.end().catch(() => undefined);
      return null;
    }
    if (this.closed) {
      await c.end().catch(() => undefined);
      return null;
    }
    this.client = c;
    return c;
  }

  private drop(c: pg.Client): void {
    if (this.client !== c) return;
    this.client = null;
    void c.end().catch(() => undefined);
    for (const l of this.lost) l();
  }
}

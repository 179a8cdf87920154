import { Logger } from '@nestjs/common';
import type { JetStreamServer } from '@cix/messaging';
import type { ReplicaSession } from './replica-session.js';

/** Advisory-lock key spaces (the first key of PostgreSQL's two-key form); the second is the agency's key. */
export const LOCK_SPACE = { lease: 1_128_880_129, apply: 1_128_880_130, member: 1_128_880_131 } as const;
/** Two capital letters as a number: distinct for every agency code. */
export const agencyLockKey = (agency: string): number => agency.charCodeAt(0) * 256 + agency.charCodeAt(1);

/** How many agencies one of `replicas` live replicas takes at most. */
export const fairShare = (agencies: number, replicas: number): number => Math.ceil(agencies / Math.max(1, replicas));

/**
 * One active consumer per agency stream, across the hub's replicas. A replica consumes an agency
 * only while its own session holds that agency's lease (a session advisory lock); the others try
 * every `intervalMs`. A replica that dies takes its session, and so its leases, with it: another
 * replica holds them within about a second. Replicas also hold a shared membership lock, so each
 * knows how many are alive and keeps at most its fair share: a replica started later gets agencies
 * handed over by the others (released only after the batch being applied has finished).
 */
export class AgencyLeases {
  private readonly log = new Logger('AgencyLeases');
  private readonly held = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private joined = false;
  /** Rises each time the session is lost: a lock granted to an earlier session is not held. */
  private epoch = 0;

  constructor(
    private readonly session: ReplicaSession,
    private readonly server: JetStreamServer,
    private readonly agencies: readonly string[],
    readonly replicaId: string,
    private readonly intervalMs = 1000,
  ) {}

  /** The agencies this replica consumes now. */
  get consuming(): string[] {
    return [...this.held].sort();
  }

  start(): void {
    this.session.onLost(() => this.lostAll());
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    void this.tick();
  }

  /** Stops consuming (the batches being applied finish); the leases go when the session closes. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    const was = [...this.held];
    this.held.clear();
    await Promise.all(was.map((a) => this.server.release(a)));
  }

  private tick(): Promise<void> {
    this.running ??= this.step()
      .catch((e: Error) => this.log.warn(`lease round failed: ${e.message}`))
      .finally(() => (this.running = null));
    return this.running;
  }

  private async step(): Promise<void> {
    const epoch = this.epoch;
    if (!this.joined) {
      if (!(await this.session.query(`SELECT pg_advisory_lock_shared($1, 0)`, [LOCK_SPACE.member]))) return;
      this.joined = epoch === this.epoch;
    }
    const members = await this.session.query<{ n: number }>(
      `SELECT count(DISTINCT pid)::int AS n FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND classid = $1::oid AND objid = 0
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      [LOCK_SPACE.member],
    );
    if (!members || epoch !== this.epoch) return;
    const share = fairShare(this.agencies.length, members[0].n);
    for (const agency of this.agencies) {
      if (this.held.size >= share) break;
      if (this.held.has(agency)) continue;
      const got = await this.session.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock($1, $2) AS ok`, [LOCK_SPACE.lease, agencyLockKey(agency)]);
      if (!got || epoch !== this.epoch) return;
      if (!got[0].ok) continue;
      this.held.add(agency);
      this.log.log(`replica ${this.replicaId} consumes ${agency}`);
      this.server.consume(agency);
    }
    // Hand over beyond the fair share: stop consuming first, then let go of the lease.
    while (this.held.size > share) {
      const agency = [...this.held].pop()!;
      this.held.delete(agency);
      await this.server.release(agency);
      if (epoch !== this.epoch) return;
      await this.session.query(`SELECT pg_advisory_unlock($1, $2)`, [LOCK_SPACE.lease, agencyLockKey(agency)]);
      this.log.log(`replica ${this.replicaId} hands ${agency} over`);
    }
  }

  /** The session ended: another replica may hold these leases already, so stop consuming them now. */
  private lostAll(): void {
    this.epoch++;
    this.joined = false;
    const was = [...this.held];
    this.held.clear();
    if (was.length) this.log.warn(`replica ${this.replicaId} lost its session: stops consuming ${was.join(', ')}`);
    for (const a of was) void this.server.release(a);
  }
}

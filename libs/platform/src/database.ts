import { readFileSync } from 'node:fs';
import type { TypeOrmModuleOptions } from '@nestjs/typeorm';
import pg from 'pg';
import { Logger } from '@nestjs/common';
import { DataSource, type DataSourceOptions, type QueryRunner } from 'typeorm';

/**
 * A pool client that never ends the process with an unhandled 'error' event. pg emits one when the
 * server terminates a connection (a restart: 57P01); the pool listens only while a client is idle
 * and TypeORM only until it has released a broken one, so a second error on a client in between
 * (seen when PostgreSQL restarts under load) had no listener and crashed the service. The owners'
 * own handling (the pool discarding the client, TypeORM releasing it, the 503 to the caller) is
 * unchanged: this listener only makes the event handled.
 */
class GuardedClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    this.on('error', () => undefined);
  }
}

/**
 * Schema changes only through versioned migrations, run at start-up (by `migrateUnderLock`, the
 * modules' data source factory); never `synchronize`.
 * TLS: with `sslCaFile` the connection is encrypted and the server's certificate verified against
 * that CA; `sslmode`/`sslrootcert` in the URL are honoured too (and take precedence).
 */
export function databaseOptions(url: string, migrations: Array<new () => unknown>, name: string, sslCaFile?: string): TypeOrmModuleOptions {
  return {
    ...(sslCaFile ? { ssl: { ca: readFileSync(sslCaFile, 'utf8'), rejectUnauthorized: true } } : {}),
    type: 'postgres',
    url,
    entities: [],
    migrations,
    // Run by migrateUnderLock, serialized between the services sharing the database.
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    applicationName: name,
    // A pool that cannot reach the database answers within 10 s (a 503 to the caller) instead of
    // holding the request until the TCP connect gives up; broken clients leave the pool on error.
    extra: { max: 20, connectionTimeoutMillis: 10_000, Client: GuardedClient },
    retryAttempts: 60,
    retryDelay: 1000,
  };
}

/** pg_advisory_lock key of the migrations (advisory locks are per database, so one key for every service). */
const MIGRATION_LOCK = 0x43_49_58_4d; // "CIXM"

/** How long a start-up waits for another session's migration lock, and how often it says who holds it. */
export interface MigrationLockWait {
  readonly waitMs?: number;
  readonly reportEveryMs?: number;
  readonly report?: (message: string) => void;
}
// Longer than any migration has taken on the benchmark's million alerts; TypeORM's start-up retries follow.
const MIGRATION_LOCK_WAIT_MS = 15 * 60_000;

/**
 * The data source factory of the services' TypeOrmModule: connects, then runs the pending
 * migrations while holding a PostgreSQL advisory lock. Hub replicas started at once on one fresh
 * database raced each other's migrations (both created the same tables; one failed its start-up);
 * the second now waits for the first and then finds nothing pending. The lock is a session's, so
 * a replica killed while migrating releases it with its connection. Any session may take it (no
 * privilege is needed), so the wait says who holds it and is bounded: a forgotten psql once kept a
 * service from starting, silently and with no health to look at.
 */
export async function migrateUnderLock(options?: DataSourceOptions, wait: MigrationLockWait = {}): Promise<DataSource> {
  if (!options) throw new Error('migrateUnderLock needs the data source options');
  const dataSource = new DataSource({ ...options, migrationsRun: false });
  await dataSource.initialize();
  try {
    const session = dataSource.createQueryRunner();
    try {
      await takeMigrationLock(session, wait);
      try {
        await dataSource.runMigrations({ transaction: options.migrationsTransactionMode ?? 'each' });
      } finally {
        await session.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
      }
    } finally {
      await session.release();
    }
    return dataSource;
  } catch (e) {
    await dataSource.destroy().catch(() => undefined);
    throw e;
  }
}

async function takeMigrationLock(session: QueryRunner, wait: MigrationLockWait): Promise<void> {
  const { waitMs = MIGRATION_LOCK_WAIT_MS, reportEveryMs = 10_000 } = wait;
  const report = wait.report ?? ((m: string) => new Logger('Database').warn(m));
  const started = Date.now();
  let reported = -Infinity;
  for (;;) {
    const [{ got }] = (await session.query('SELECT pg_try_advisory_lock($1) AS got', [MIGRATION_LOCK])) as Array<{ got: boolean }>;
    if (got) return;
    const waited = Date.now() - started;
    if (waited >= waitMs) throw new Error(`gave up after ${Math.round(waited / 1000)} s waiting for the migration lock, held by ${await lockHolder(session)}`);
    if (waited - reported >= reportEveryMs) {
      reported = waited;
      report(`waiting for the migration lock (${Math.round(waited / 1000)} s), held by ${await lockHolder(session)}`);
    }
    await new Promise((r) => setTimeout(r, Math.min(500, reportEveryMs)));
  }
}

/** Who holds the migration lock: pid, application name, state, since when (a bigint key: objid is its low 32 bits). */
async function lockHolder(session: QueryRunner): Promise<string> {
  const rows = (await session.query(
    `SELECT a.pid, a.application_name, a.state, a.backend_start FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 0 AND l.objid = $1 AND l.objsubid = 1 LIMIT 1`,
    [MIGRATION_LOCK],
  )) as Array<{ pid: number; application_name: string; state: string | null; backend_start: Date }>;
  const h = rows[0];
  return h
    ? `pid ${h.pid} (application "${h.application_name}", ${h.state ?? 'state unknown'}, connected since ${new Date(h.backend_start).toISOString()}; pg_terminate_backend(${h.pid}) releases it)`
    : 'a session that has just released it';
}

const NETWORK_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/**
 * The database itself is unavailable (down, restarting, unreachable, out of connections), as
 * opposed to a bug or a refused statement: the caller should retry, so the filter answers 503.
 * PostgreSQL's SQLSTATE classes: 08 connection, 40 rolled back (serialization, deadlock), 53
 * resources, 57 operator intervention (shutting down, starting up), 58 system; then the socket
 * errors of Node (ECONNREFUSED...) and the messages of pg and its pool, which carry no code.
 */
export function isDatabaseUnavailable(e: unknown): boolean {
  const err = e as { code?: unknown; driverError?: { code?: unknown; message?: unknown }; message?: unknown };
  const code = err?.driverError?.code ?? err?.code;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return ['08', '40', '53', '57', '58'].includes(code.slice(0, 2));
  if (typeof code === 'string' && NETWORK_ERRORS.has(code)) return true;
  const message = err?.driverError?.message ?? err?.message;
  return (
    typeof message === 'string' &&
    /Connection terminated|not queryable|timeout exceeded when trying to connect|connection (?:is )?(?:closed|ended)/i.test(message)
  );
}

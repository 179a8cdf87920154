import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import pg from 'pg';
import { migrateUnderLock } from '@cix/platform';
import { HUB_MIGRATIONS } from '@cix/read-model';
import { startHub } from './support/platform.js';
import { createDatabase, startTestNats, type TestNats } from './support/test-env.js';

// Hub replicas started at the same moment on one fresh database: the migrations run once, under a
// PostgreSQL advisory lock, and both replicas start at the first attempt (they raced each other's
// CREATE TABLEs before: one failed a migration, logged the error and started only on a retry).
describe('hub replicas started at once on a fresh database', () => {
  let nats: TestNats;
  const hubs: Array<Awaited<ReturnType<typeof startHub>>> = [];

  beforeAll(async () => {
    nats = await startTestNats(['KZ']);
  }, 30_000);
  afterAll(async () => {
    for (const h of hubs) await h.app.close();
    await nats?.stop();
  });

  it('both start, and every migration ran exactly once', async () => {
    const databaseUrl = await createDatabase('hub_race');
    // What the services and TypeORM log while starting: a failed migration or a start-up retry shows there.
    const logged: string[] = [];
    const spies = [process.stdout, process.stderr].map((s) => jest.spyOn(s, 'write').mockImplementation((chunk: unknown) => logged.push(String(chunk)) > 0));
    const logs = jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
    let started: Array<PromiseSettledResult<Awaited<ReturnType<typeof startHub>>>>;
    try {
      started = await Promise.allSettled(['hub-a', 'hub-b'].map((id) => startHub(nats, ['KZ'], { DATABASE_URL: databaseUrl, HUB_REPLICA_ID: id })));
    } finally {
      for (const s of [...spies, logs]) s.mockRestore();
    }
    for (const s of started) if (s.status === 'fulfilled') hubs.push(s.value);
    expect(started.map((s) => (s.status === 'rejected' ? String(s.reason) : 'started'))).toEqual(['started', 'started']);
    expect(logged.filter((l) => /migration|retrying/i.test(l))).toEqual([]);
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ name: string; n: number }>('SELECT name, count(*)::int AS n FROM migrations GROUP BY name');
      expect(rows.length).toBe(HUB_MIGRATIONS.length);
      expect(rows.filter((r) => r.n !== 1)).toEqual([]);
    } finally {
      await db.end();
    }
  }, 120_000);
});

// adv6: any session of the database may take the migrations' advisory lock (no privilege needed):
// an operator's forgotten psql, a hung tool, a hostile account. A starting service then waited at
// pg_advisory_lock forever, silent, with no HTTP port and so no health to look at. It now says who
// holds the lock while it waits, and gives up after its bound (the service's start-up retries).
describe('a migration lock held by someone else', () => {
  it('is reported with its holder while waited for, and given up after the bound', async () => {
    const databaseUrl = await createDatabase('hub_lock');
    const holder = new pg.Client({ connectionString: databaseUrl, application_name: 'forgotten-psql' });
    await holder.connect();
    const logged: string[] = [];
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [0x43_49_58_4d]);
      const started = Date.now();
      const attempt = migrateUnderLock(
        { type: 'postgres', url: databaseUrl, migrations: HUB_MIGRATIONS },
        {
          waitMs: 1500,
          reportEveryMs: 300,
          report: (m) => logged.push(m),
        },
      );
      await expect(attempt).rejects.toThrow(/migration lock.*forgotten-psql/);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(logged.filter((l) => /waiting for the migration lock.*forgotten-psql/.test(l)).length).toBeGreaterThanOrEqual(1);
    } finally {
      await holder.end();
    }
  }, 60_000);
});

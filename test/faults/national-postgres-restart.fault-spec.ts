import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadAlert } from './support/load.js';
import { checkInvariants, startFaultPlatform, startLoad, type FaultPlatform, type LoadRecord } from './support/index.js';

// Issue 15: a national PostgreSQL (KZ's, of the case's own; the hub and the other nodes stay on the
// shared one) stopped and started again while all three nodes take posts. Every KZ caller in the
// gap is told to retry (503 STORE.UNAVAILABLE, Retry-After), never a 500; the node process is not
// restarted: its pool, its writer connection and its relay's lock come back by themselves.
const DOWN_MS = 3000;

interface Probe {
  readonly what: string;
  readonly status: number;
  readonly code?: string;
  readonly retryAfter: string | null;
}

/** One request as a KZ officer, answered with what a client needs to decide to retry. */
async function ask(p: FaultPlatform, method: string, path: string, body?: unknown): Promise<Probe> {
  const res = await fetch(`${p.nodes.KZ.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${p.tokens.officer('KZ')}`, 'content-type': 'application/json', 'idempotency-key': `fault-probe-${method}-${path}` },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  return { what: `${method} ${path}`, status: res.status, code: ((await res.json()) as { code?: string }).code, retryAfter: res.headers.get('retry-after') };
}

describe('fault: a national PostgreSQL restarted during posts', () => {
  let p: FaultPlatform;

  beforeAll(async () => {
    p = await startFaultPlatform({ postgres: 'own', ownPostgresFor: ['KZ'] });
  }, 120_000);
  afterAll(() => p?.close());

  it('answers retryable 503s, loses no acknowledged write, and the node recovers by itself', async () => {
    const kz = p.nodes.KZ;
    const pid = kz.pid;
    const health: Array<{ at: number; status: number; database?: string }> = [];
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const at = Date.now();
        try {
          const res = await fetch(`${kz.url}/health`, { signal: AbortSignal.timeout(2000) });
          health.push({ at, status: res.status, database: ((await res.json()) as { database?: string }).database });
        } catch {
          health.push({ at, status: 0 });
        }
        await sleep(200);
      }
    })();
    const load = startLoad(p, { perSecond: 30 });
    let record: LoadRecord;
    let stoppedAt = 0;
    let startedAt = 0;
    let probes: Probe[] | undefined;
    try {
      await load.acknowledged(60);
      await p.postgres.stop(); // fast shutdown: every connection of the node is terminated
      stoppedAt = Date.now();
      // What a client is told meanwhile, on each path that meets the database: a post, feedback (its idempotency check), a read.
      const target = load.record.alerts.find((a) => a.agency === 'AZ')!;
      probes = await Promise.all([
        ask(p, 'POST', '/api/alerts', loadAlert('KZ', 0)),
        ask(p, 'POST', '/api/feedback', { alertId: target.id, outcome: 'nothing-found' }),
        ask(p, 'GET', '/api/alerts'),
      ]);
      await sleep(Math.max(0, DOWN_MS - (Date.now() - stoppedAt)));
      await p.postgres.start();
      startedAt = Date.now();
      // KZ acknowledges again (the load's KZ writer was held by the retries), then some more for everyone.
      const kzBefore = load.record.alerts.filter((a) => a.agency === 'KZ').length;
      for (const deadline = Date.now() + 60_000; load.record.alerts.filter((a) => a.agency === 'KZ').length < kzBefore + 20; await sleep(100))
        if (Date.now() > deadline) throw new Error('KZ did not acknowledge posts again within 60 s of its PostgreSQL starting');
      await load.acknowledged(60);
    } finally {
      record = await load.stop();
      watching = false;
      await watcher;
    }
    const report = await checkInvariants(p, record, { expectLag: false });

    expect(probes).toHaveLength(3);
    for (const probe of probes ?? []) expect(probe).toMatchObject({ status: 503, code: 'STORE.UNAVAILABLE', retryAfter: '1' });
    const kzAnswers = record.answers.KZ ?? {};
    expect(kzAnswers['503']).toBeGreaterThan(0);
    for (const a of p.agencies) expect(Object.keys(record.answers[a] ?? {}).filter((s) => s === 'error' || (Number(s) >= 500 && s !== '503'))).toEqual([]);
    // The same process throughout, and health said so while it lasted.
    expect(kz.pid).toBe(pid);
    expect(health.some((h) => h.at > stoppedAt && h.at < startedAt && h.status === 503 && h.database === 'down')).toBe(true);
    expect(health.at(-1)).toMatchObject({ status: 200, database: 'up' });
    const firstUp = health.find((h) => h.at > startedAt && h.status === 200);
    const waited = record.alerts.filter((a) => a.agency === 'KZ');
    const longestWait = Math.max(0, ...waited.map((a) => a.waitedMs), ...record.feedback.filter((f) => f.agency === 'KZ').map((f) => f.waitedMs));
    // A client waits about as long as the database is down, not for a pool that heals slowly.
    expect(longestWait).toBeLessThan(startedAt - stoppedAt + 5000);
    console.log(
      `national PostgreSQL restart: down ${startedAt - stoppedAt} ms, health up again ${firstUp ? firstUp.at - startedAt : '?'} ms after start, ` +
        `longest client wait ${longestWait} ms, KZ answers ${JSON.stringify(kzAnswers)}; ${JSON.stringify(report)}; load ${record.seconds} s`,
    );
  }, 240_000);
});

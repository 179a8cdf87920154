import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ensureDatabases, startPostgres, type RunningPostgres } from '../tools/infra/postgres.mjs';
import { call, eventually, minimalSeizure } from './support/http.js';
import { startNode, token, type RunningNode } from './support/platform.js';
import { startTestNats, testPort, tmpRoot, type TestNats } from './support/test-env.js';

/**
 * The node's own PostgreSQL stopped and started again under a running node (not the suite's shared
 * one): callers are told to retry (503, a stable code, Retry-After), never a 500, and the node
 * takes up its pool, its writer and its relay again by itself, without a restart.
 */
describe('a national node while its PostgreSQL restarts', () => {
  const dataDir = path.join(mkdtempSync(path.join(tmpRoot, 'outage-')), 'pg');
  let port: number;
  let pg: RunningPostgres | null = null;
  let nats: TestNats;
  let node: RunningNode;
  let officer: string;
  let auditor: string;

  beforeAll(async () => {
    port = await testPort();
    pg = await startPostgres({ dataDir, port, fast: true });
    await ensureDatabases(pg.adminUrl, ['node_kz']);
    nats = await startTestNats(['KZ']);
    node = await startNode('KZ', nats, pg.url('node_kz'));
    [officer, auditor] = await Promise.all([token('KZ', 'officer', 'KZ-AKTAU', 'outage-officer'), token('KZ', 'auditor')]);
  });
  afterAll(async () => {
    await node?.app.close();
    await nats?.stop();
    await pg?.stop();
  });

  const post = (key: string) => call('POST', `${node.url}/api/alerts`, { token: officer, body: minimalSeizure(), headers: { 'idempotency-key': key } });

  it('answers 503 STORE.UNAVAILABLE with Retry-After on writes and reads, then recovers by itself', async () => {
    expect((await post('before')).status).toBe(201);
    await pg!.stop();

    const write = await post('during');
    expect(write.status).toBe(503);
    expect(write.body.code).toBe('STORE.UNAVAILABLE');
    expect(write.headers.get('retry-after')).toBe('1');
    // Reads and the feedback path meet the database too: the same answer, not a 500.
    const read = await call('GET', `${node.url}/api/alerts`, { token: officer });
    expect(read.status).toBe(503);
    expect(read.body).toMatchObject({ code: 'STORE.UNAVAILABLE' });
    expect(read.headers.get('retry-after')).toBe('1');
    const health = await call('GET', `${node.url}/health`);
    expect(health.status).toBe(503);
    expect(health.body.database).toBe('down');

    pg = await startPostgres({ dataDir, port, fast: true });
    // The same Idempotency-Key now stores the write that was refused, once.
    const retried = await eventually(async () => {
      const r = await post('during');
      return r.status === 201 && r;
    }, 'the node writes again after PostgreSQL returned');
    expect(retried.body.replayed).toBe(false);
    expect((await post('during')).body).toMatchObject({ id: retried.body.id, replayed: true });
    expect((await call('GET', `${node.url}/api/alerts`, { token: officer })).status).toBe(200);
    // The relay took its lock and checkpoint up again: everything reaches NATS.
    await eventually(async () => {
      const h = await call('GET', `${node.url}/health`, { token: auditor });
      return h.status === 200 && h.body.database === 'up' && h.body.relay?.leader && h.body.relay.lag === 0;
    }, 'health up and the relay caught up');
  }, 60_000);
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { GENESIS_HASH } from '@cix/contracts';
import { checkEvent, checkLink, EventStore, StreamVersionConflict, TrustStore, Upcasters } from '@cix/event-store';
import { meta, openStore, testSigningKey } from './support/event-store.js';
import { createDatabase } from './support/test-env.js';

describe('event store on PostgreSQL', () => {
  const key = testSigningKey();
  let url: string;
  let a: { db: DataSource; store: EventStore };
  let b: { db: DataSource; store: EventStore };

  beforeAll(async () => {
    url = await createDatabase('store');
    a = await openStore(url, key);
    b = await openStore(url, key); // a second "process" on the same database
  });
  afterAll(async () => {
    for (const s of [a, b]) {
      await s?.store.close();
      await s?.db.destroy();
    }
  });

  it('50 concurrent appends at the same expected version: exactly one wins, the rest get the current version', async () => {
    await a.store.append({ streamId: 'race-1', expectedVersion: 0, events: [{ type: 'T', payload: { n: 0 }, metadata: meta }] });
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        (i % 2 ? a : b).store.append({ streamId: 'race-1', expectedVersion: 1, events: [{ type: 'T', payload: { n: i }, metadata: meta }] }),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(49);
    for (const l of lost) {
      expect(l.reason).toBeInstanceOf(StreamVersionConflict);
      expect(l.reason.currentVersion).toBe(2);
    }
  });

  it('writers that retry on conflict end with contiguous versions and nothing lost', async () => {
    const writer = async (s: EventStore, n: number) => {
      for (;;) {
        const current = (await s.readStream('race-2')).length;
        try {
          return await s.append({ streamId: 'race-2', expectedVersion: current, events: [{ type: 'T', payload: { n }, metadata: meta }] });
        } catch (e) {
          if (!(e instanceof StreamVersionConflict)) throw e;
        }
      }
    };
    await Promise.all(Array.from({ length: 50 }, (_, i) => writer(i % 2 ? a.store : b.store, i)));
    const events = await a.store.readStream('race-2');
    expect(events.map((e) => e.streamVersion)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(events.map((e) => (e.payload as { n: number }).n)).size).toBe(50);
  });

  it('a reader tailing the global log under concurrent writers never skips an event that commits late', async () => {
    const start = await a.store.tailPosition();
    let checkpoint = start;
    const seen: number[] = [];
    let writing = true;
    const reader = (async () => {
      while (writing || checkpoint < (await a.store.tailPosition())) {
        const batch = await a.store.readAll(checkpoint, 37);
        for (const e of batch) seen.push(e.position);
        if (batch.length) checkpoint = batch[batch.length - 1].position;
        else await new Promise((r) => setImmediate(r));
      }
    })();
    // Many small transactions from two pools, interleaving: with sequence-assigned positions a
    // later position could commit first and a reader past it would never see the earlier one.
    await Promise.all(
      Array.from({ length: 400 }, (_, i) =>
        (i % 2 ? a : b).store.append({
          streamId: `tail-${i}`,
          expectedVersion: 0,
          events: [
            { type: 'T', payload: { i }, metadata: meta },
            { type: 'T', payload: { i, second: true }, metadata: meta },
          ],
        }),
      ),
    );
    writing = false;
    await reader;
    expect(seen).toEqual(Array.from({ length: 800 }, (_, i) => start + i + 1));
  });

  it('(control) the naive sequence-ordered table does lose a late-committing event, which is why appends are serialised', async () => {
    await a.db.query('CREATE TABLE naive_events (global_position bigserial PRIMARY KEY, body text)');
    const slow = a.db.createQueryRunner();
    await slow.connect();
    await slow.startTransaction();
    await slow.query(`INSERT INTO naive_events (body) VALUES ('slow')`); // takes position 1, commits late
    await b.db.query(`INSERT INTO naive_events (body) VALUES ('fast')`); // position 2, commits first
    const firstRead = await a.db.query('SELECT global_position FROM naive_events WHERE global_position > 0 ORDER BY global_position');
    const checkpoint = Number(firstRead[firstRead.length - 1].global_position);
    await slow.commitTransaction();
    await slow.release();
    const secondRead = await a.db.query('SELECT global_position FROM naive_events WHERE global_position > $1 ORDER BY global_position', [checkpoint]);
    expect(checkpoint).toBe(2);
    expect(secondRead).toEqual([]); // position 1 is never delivered to this reader
  });

  it('chains every event to its predecessor and signs it, so the whole log verifies', async () => {
    const trust = new TrustStore().add('KZ', key.keyId, key.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const all = await a.store.readAll(0, 10_000);
    let prev: { position: number; hash: string } | null = null;
    expect(all[0].prevHash).toBe(GENESIS_HASH);
    for (const e of all) {
      const { confidential: _c, ...wire } = e;
      expect(checkEvent(wire, trust)).toBeNull();
      expect(checkLink(wire, prev)).toBeNull();
      prev = e;
    }
  });

  it('refuses to update or delete history, even with direct SQL', async () => {
    await expect(a.db.query(`UPDATE events SET payload = '{"n": 999}' WHERE global_position = 1`)).rejects.toThrow(/append-only/);
    await expect(a.db.query('DELETE FROM events WHERE global_position = 1')).rejects.toThrow(/append-only/);
  });

  it('a catch-up subscription delivers history then live events, each exactly once and in order', async () => {
    const before = await a.store.tailPosition();
    const got: number[] = [];
    const sub = a.store.subscribe(before - 100, (e) => {
      got.push(e.position);
    });
    await Promise.all(
      Array.from({ length: 150 }, (_, i) =>
        (i % 2 ? a : b).store.append({ streamId: `live-${i}`, expectedVersion: 0, events: [{ type: 'T', payload: {}, metadata: meta }] }),
      ),
    );
    const tail = await a.store.tailPosition();
    // b's appends do not notify a's subscription: the poll picks them up.
    const deadline = Date.now() + 10_000;
    while (got[got.length - 1] !== tail && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await sub.stop();
    expect(got).toEqual(Array.from({ length: tail - before + 100 }, (_, i) => before - 100 + i + 1));
  });

  it('upcasts an old schema version on read and leaves the stored (signed) form alone', async () => {
    const upcasters = new Upcasters().register('QuantityReported', 1, (p: { kg: number }) => ({ quantity: { value: p.kg, unit: 'kg' } }));
    const store = new EventStore(a.db, 'KZ', key, { upcasters });
    await store.append({
      streamId: 'evolve-1',
      expectedVersion: 0,
      events: [{ type: 'QuantityReported', schemaVersion: 1, payload: { kg: 12.5 }, metadata: meta }],
    });
    const [read] = await store.readStream('evolve-1');
    await store.close();
    expect(read.schemaVersion).toBe(2);
    expect(read.payload).toEqual({ quantity: { value: 12.5, unit: 'kg' } });
    const [stored] = await store.readAll(read.position - 1, 1);
    expect(stored).toMatchObject({ schemaVersion: 1, payload: { kg: 12.5 } });
  });

  it('reads a stream up to a version', async () => {
    const events = await a.store.readStream('race-2', { toVersion: 3 });
    expect(events.map((e) => e.streamVersion)).toEqual([1, 2, 3]);
  });
});

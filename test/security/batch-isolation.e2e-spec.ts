import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { ErrorCode } from '@cix/contracts';
import { EventStore, TrustStore, verifyLog, type AppendRequest } from '@cix/event-store';
import { meta, openStore, testSigningKey } from '../support/event-store.js';
import { createDatabase } from '../support/test-env.js';

/**
 * Threat: one caller's input that only PostgreSQL refuses (a NUL in jsonb text, a lone surrogate,
 * an idempotency key too long for the index, a duplicate event id) used to fail the whole group
 * commit, i.e. every other officer's append that happened to share the transaction.
 * These go straight to the store API: the HTTP edge refuses most of them earlier, but the store
 * must not depend on that.
 */
describe('group commit: one caller cannot fail another caller’s append', () => {
  const key = testSigningKey();
  const trust = new TrustStore().add('KZ', key.keyId, key.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  let s: { db: DataSource; store: EventStore };
  let killNextBatch = false;

  beforeAll(async () => {
    const opened = await openStore(await createDatabase('batchiso'), key);
    // Same store, plus an inline projection that can simulate a connection lost mid-transaction.
    const store = new EventStore(opened.db, 'KZ', key, {
      inlineProjection: async (qr) => {
        if (!killNextBatch) return;
        killNextBatch = false;
        await qr.query('SELECT pg_terminate_backend(pg_backend_pid())');
      },
    });
    s = { db: opened.db, store };
  });
  afterAll(async () => {
    await s?.store.close();
    await s?.db.destroy();
  });

  const valid = (i: number): AppendRequest => ({
    streamId: `ok-${i}`,
    expectedVersion: 0,
    events: [{ type: 'T', payload: { i, text: `valid ${i}` }, metadata: meta }],
    idempotency: i % 3 === 0 ? { scope: 'test', key: `k-${i}`, requestHash: 'a'.repeat(64) } : undefined,
  });

  async function verifyWholeLog() {
    const all = await s.store.readAll(0, 100_000);
    expect(all.map((e) => e.position)).toEqual(all.map((_, i) => i + 1));
    expect(
      verifyLog(
        all.map(({ confidential: _c, ...e }) => e),
        trust,
      ),
    ).toMatchObject({ intact: true, verified: all.length });
    return all;
  }

  it('150 valid appends next to poisoned ones all succeed; only the poisoned ones fail; the log stays gap-free and verifies', async () => {
    await s.store.append({
      streamId: 'existing',
      expectedVersion: 0,
      events: [{ eventId: '00000000-0000-4000-8000-00000000dead', type: 'T', payload: {}, metadata: meta }],
    });
    const poisons: Array<[string, AppendRequest[]]> = [
      ['NUL in a jsonb text', [{ streamId: 'bad-nul', expectedVersion: 0, events: [{ type: 'T', payload: { shipper: 'a\u0000b' }, metadata: meta }] }]],
      ['lone surrogate', [{ streamId: 'bad-surrogate', expectedVersion: 0, events: [{ type: 'T', payload: { shipper: 'x\ud800y' }, metadata: meta }] }]],
      ['NUL in metadata', [{ streamId: 'bad-meta', expectedVersion: 0, events: [{ type: 'T', payload: {}, metadata: { ...meta, actor: '\u0000' } }] }]],
      [
        'idempotency key too long for the index',
        [
          {
            streamId: 'bad-idem',
            expectedVersion: 0,
            events: [{ type: 'T', payload: {}, metadata: meta }],
            idempotency: { scope: 'test', key: randomBytes(6000).toString('base64'), requestHash: 'b'.repeat(64) },
          },
        ],
      ],
      [
        'duplicate event id (unique constraint)',
        [{ streamId: 'bad-dup', expectedVersion: 0, events: [{ eventId: '00000000-0000-4000-8000-00000000dead', type: 'T', payload: {}, metadata: meta }] }],
      ],
      // A multi-stream append is atomic: its valid half must not be written without its poisoned half.
      [
        'poisoned group',
        [
          { streamId: 'bad-group-valid-half', expectedVersion: 0, events: [{ type: 'T', payload: {}, metadata: meta }] },
          { streamId: 'bad-group-poisoned-half', expectedVersion: 0, events: [{ type: 'T', payload: { x: '\u0000' }, metadata: meta }] },
        ],
      ],
    ];
    // Interleaved, all queued in the same tick: they share group-commit transactions.
    const calls: Array<{ poisoned: string | null; p: Promise<unknown> }> = [];
    for (let i = 0; i < 150; i++) {
      calls.push({ poisoned: null, p: s.store.append(valid(i)) });
      if (i % 25 === 12) for (const [what, reqs] of poisons.splice(0, 2)) calls.push({ poisoned: what, p: s.store.appendAll(reqs) });
    }
    expect(poisons).toEqual([]);
    const settled = await Promise.allSettled(calls.map((c) => c.p));

    const validOutcomes = settled.filter((_, i) => !calls[i].poisoned);
    expect(validOutcomes.filter((o) => o.status === 'rejected').map((o) => String(o.reason))).toEqual([]);
    expect(validOutcomes).toHaveLength(150);
    const poisoned = settled.map((o, i) => [calls[i].poisoned, o] as const).filter(([what]) => what);
    expect(poisoned).toHaveLength(6);
    for (const [what, o] of poisoned) {
      expect([what, o.status]).toEqual([what, 'rejected']);
      // The caller learns it was their input, as a validation failure (400), not an internal error.
      expect([what, ((o as PromiseRejectedResult).reason as { code?: string }).code]).toEqual([what, ErrorCode.ValidationFailed]);
    }

    const all = await verifyWholeLog();
    expect(all).toHaveLength(151);
    expect(all.filter((e) => e.streamId.startsWith('bad-'))).toEqual([]);
    expect(new Set(all.map((e) => e.streamId))).toEqual(new Set(['existing', ...Array.from({ length: 150 }, (_, i) => `ok-${i}`)]));
    // Idempotency records of the valid callers were kept: a retry replays instead of appending again.
    await expect(s.store.append(valid(3))).resolves.toMatchObject({ replayed: true, streamId: 'ok-3' });
  });

  it('the same poison sent alone fails alone, and the store keeps working', async () => {
    await expect(
      s.store.append({ streamId: 'bad-alone', expectedVersion: 0, events: [{ type: 'T', payload: { t: '\u0000' }, metadata: meta }] }),
    ).rejects.toMatchObject({ code: ErrorCode.ValidationFailed });
    await expect(s.store.append(valid(1000))).resolves.toMatchObject({ version: 1, replayed: false });
    await verifyWholeLog();
  });

  it('a lost connection fails the whole batch retryably with nothing half-written, and the next append continues the chain', async () => {
    const before = await s.store.tailPosition();
    killNextBatch = true;
    const settled = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => s.store.append(valid(2000 + i))));
    expect(settled.every((o) => o.status === 'rejected')).toBe(true);
    // Infrastructure, not the callers' input: not reported as a validation failure.
    for (const o of settled) expect((o as PromiseRejectedResult).reason).toMatchObject({ name: 'AppendNotCommitted', retryable: true });
    expect(await s.store.tailPosition()).toBe(before);
    // Retrying succeeds on a fresh connection.
    const retried = await Promise.all(Array.from({ length: 20 }, (_, i) => s.store.append(valid(2000 + i))));
    expect(retried.map((r) => r.firstPosition).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => before + i + 1));
    await verifyWholeLog();
  });

  it('a conflict decided by an earlier request in the batch still holds when that request was poisoned (the poisoned one never happened)', async () => {
    await s.store.append({ streamId: 'shared', expectedVersion: 0, events: [{ type: 'T', payload: {}, metadata: meta }] });
    const [poisoned, honest] = await Promise.allSettled([
      s.store.append({ streamId: 'shared', expectedVersion: 1, events: [{ type: 'T', payload: { x: '\u0000' }, metadata: meta }] }),
      s.store.append({ streamId: 'shared', expectedVersion: 1, events: [{ type: 'T', payload: { x: 'fine' }, metadata: meta }] }),
    ]);
    expect(poisoned).toMatchObject({ status: 'rejected', reason: { code: ErrorCode.ValidationFailed } });
    expect(honest).toMatchObject({ status: 'fulfilled', value: { version: 2 } });
    expect((await s.store.readStream('shared')).map((e) => e.payload)).toEqual([{}, { x: 'fine' }]);
    await verifyWholeLog();
  });
});

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { GENESIS_HASH, sealEvent, type SignedEvent } from '@cix/contracts';
import { eventHash, loadSigningKey, signEvent, TrustStore, type SigningKey } from '@cix/event-store';
import { HUB_MIGRATIONS, projectBatch } from '@cix/read-model';
import { createDatabase, testKeys } from '../support/test-env.js';

// Issue 14's batch projector checks one signature per run of events (the chain makes it cover the
// events before it). These are the ways an attacker holding only an agency's NATS publish right
// (no signing key) tried to get around that, found by the adversarial review of the change.

const trust = new TrustStore();
for (const [a, k] of Object.entries(testKeys.nodes)) trust.add(a, k.keyId, readFileSync(k.pub));
const keys: Record<string, SigningKey> = Object.fromEntries(Object.entries(testKeys.nodes).map(([a, k]) => [a, loadSigningKey(k.key, k.keyId)]));

/** One agency's log, signed with its real key. */
class Log {
  position = 0;
  hash = GENESIS_HASH;
  constructor(readonly agency: string) {}
  next(alertId: string, streamVersion: number, type: string, payload: unknown): SignedEvent {
    const e = signEvent(
      {
        agency: this.agency,
        position: this.position + 1,
        eventId: randomUUID(),
        streamId: `alert-${alertId}`,
        streamVersion,
        type,
        schemaVersion: 1,
        payload,
        metadata: { actor: 'officer', agency: this.agency, unit: `${this.agency}-X`, correlationId: randomUUID() },
        occurredAt: '2026-11-20T08:00:00.000Z',
        recordedAt: '2026-11-20T08:00:00.000Z',
        prevHash: this.hash,
      },
      keys[this.agency],
    );
    this.position = e.position;
    this.hash = e.hash;
    return e;
  }
}

const raised = (agency: string, alertId: string, recommendedAction = 'inspect') => ({
  alertId,
  agency,
  content: {
    kind: 'seizure',
    unit: `${agency}-X`,
    occurredAt: '2026-11-20T08:00:00Z',
    commodity: { category: 'drugs', description: 'd', hsCode: '293911' },
    quantity: { value: 1, unit: 'kg' },
    containers: ['CSQU3054383'],
    parties: [],
    route: { departure: 'AF', transit: ['TM'], destination: 'AZ' },
    handlingCode: 'H1',
    recommendedAction,
  },
  distribution: { level: 'regional', recipients: [] },
  feedbackDueAt: '2026-12-20T08:00:00.000Z',
  expiresAt: '2027-11-20T08:00:00.000Z',
});

describe('batch verification: no event applied before a signature covers it', () => {
  let db: DataSource;
  beforeAll(async () => {
    db = new DataSource({ type: 'postgres', url: await createDatabase('batchverify'), migrations: HUB_MIGRATIONS });
    await db.initialize();
    await db.runMigrations();
  });
  afterAll(async () => db?.destroy());

  const apply = async (agency: string, messages: unknown[]) =>
    (await db.transaction((tx) => projectBatch(tx.queryRunner!, agency, messages, { schema: 'public', trust, mode: 'live' }))).outcomes.map((o) => o.kind);
  const action = async (id: string) =>
    (await db.query<Array<{ state: { content: { recommendedAction: string } } }>>('SELECT state FROM hub_alerts WHERE id = $1', [id]))[0].state.content
      .recommendedAction;
  const checkpoint = async (agency: string) =>
    Number((await db.query<Array<{ position: string }>>('SELECT position FROM hub_checkpoints WHERE agency = $1', [agency]))[0].position);

  it('an unsigned event followed by a genuine sealed stub moved behind it is refused, not vouched for by the stub', async () => {
    const kz = new Log('KZ');
    const id = randomUUID();
    const genuine = kz.next(id, 1, 'AlertRaised', raised('KZ', id, 'genuine'));
    expect(await apply('KZ', [genuine])).toEqual(['applied']);
    const unsigned = {
      ...genuine,
      position: 2,
      eventId: randomUUID(),
      streamVersion: 2,
      type: 'AlertAmended',
      payload: { alertId: id, changes: { recommendedAction: 'FORGED: release the container' } },
      prevHash: genuine.hash,
    };
    const { hash: _h, signature: _s, keyId: _k, ...content } = unsigned;
    const forged = { ...content, hash: eventHash(content), signature: 'AAAA', keyId: genuine.keyId };
    const stub = { ...sealEvent(genuine), position: 3, prevHash: forged.hash };
    // The stub is the genuine event's own, replayed: its hash is already in the log at position 1.
    expect(await apply('KZ', [forged, stub])).toEqual(['refused', 'refused']);
    expect(await action(id)).toBe('genuine');
    expect(await checkpoint('KZ')).toBe(1);
  });

  it('a stub replayed at another position is refused, and the genuine event there still applies', async () => {
    const az = new Log('AZ');
    const id = randomUUID();
    const e1 = az.next(id, 1, 'AlertRaised', raised('AZ', id));
    const e2 = az.next(id, 2, 'AlertClosed', { alertId: id, reason: 'done' });
    const e3 = az.next(id, 3, 'AlertRenewed', { alertId: id, expiresAt: '2028-01-01T00:00:00.000Z' });
    expect(await apply('AZ', [e1])).toEqual(['applied']);
    expect(await apply('AZ', [{ ...sealEvent(e1), position: 2, prevHash: e1.hash }])).toEqual(['refused']);
    expect(await apply('AZ', [e2])).toEqual(['applied']);
    // An older stub moved two on: its signature cannot tell (it binds only the hash); the log can.
    expect(await apply('AZ', [{ ...sealEvent(e1), position: 3, prevHash: e2.hash }, e3])).toEqual(['refused', 'applied']);
    expect(await checkpoint('AZ')).toBe(3);
    // A true redelivery of an applied event is still a duplicate, and its genuine stub too.
    expect(await apply('AZ', [e2, sealEvent(e3)])).toEqual(['duplicate', 'duplicate']);
  });

  it('a signed event at an applied position with another hash is refused, not acked as a harmless duplicate', async () => {
    const tm = new Log('TM');
    const id = randomUUID();
    const e1 = tm.next(id, 1, 'AlertRaised', raised('TM', id));
    expect(await apply('TM', [e1])).toEqual(['applied']);
    const fork = new Log('TM').next(id, 1, 'AlertRaised', raised('TM', id, 'another history'));
    expect(await apply('TM', [fork])).toEqual(['refused']);
  });

  it('refuses hostile shapes before hashing: deep nesting; a stub keeps only its header', async () => {
    let deep: unknown = 'x';
    for (let d = 0; d < 20_000; d++) deep = [deep];
    const id = randomUUID();
    const e = new Log('AZ').next(id, 1, 'AlertRaised', raised('AZ', id));
    expect(
      await apply('AZ', [
        { ...e, payload: { deep } },
        { ...e, position: 99, deep },
      ]),
    ).toEqual(['refused', 'refused']);
    const own = new DataSource({ type: 'postgres', url: await createDatabase('batchverifystub'), migrations: HUB_MIGRATIONS });
    await own.initialize();
    try {
      await own.runMigrations();
      const kz = new Log('KZ');
      const first = kz.next(id, 1, 'AlertRaised', raised('KZ', id));
      const stub = { ...sealEvent(kz.next(randomUUID(), 1, 'AlertRaised', raised('KZ', randomUUID()))), note: 'attacker text' };
      const run = await own.transaction((tx) => projectBatch(tx.queryRunner!, 'KZ', [first, stub], { schema: 'public', trust, mode: 'live' }));
      expect(run.outcomes.map((o) => o.kind)).toEqual(['applied', 'applied']);
      const [row] = await own.query<Array<{ event: Record<string, unknown> }>>('SELECT event FROM hub_event_log WHERE agency = $1 AND position = 2', ['KZ']);
      expect(row.event.sealed).toBe(true);
      expect(row.event.note).toBeUndefined();
    } finally {
      await own.destroy();
    }
  });
});

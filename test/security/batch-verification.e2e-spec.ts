import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { sealEvent } from '@cix/contracts';
import { eventHash } from '@cix/event-store';
import { openHubDatabase, project, raisedPayload, SignedLog as Log } from '../support/signed-log.js';

// Issue 14's batch projector checks one signature per run of events (the chain makes it cover the
// events before it). These are the ways an attacker holding only an agency's NATS publish right
// (no signing key) tried to get around that, found by the adversarial review of the change.

const raised = (agency: string, alertId: string, recommendedAction = 'inspect') => raisedPayload(agency, alertId, { recommendedAction });

describe('batch verification: no event applied before a signature covers it', () => {
  let db: DataSource;
  beforeAll(async () => {
    db = await openHubDatabase('batchverify');
  });
  afterAll(async () => db?.destroy());

  const apply = async (agency: string, messages: unknown[]) => (await project(db, agency, messages)).outcomes.map((o) => o.kind);
  const action = async (id: string) =>
    (await db.query<Array<{ state: { content: { recommendedAction: string } } }>>('SELECT state FROM hub_alerts WHERE id = $1', [id]))[0].state.content
      .recommendedAction;
  const checkpoint = async (agency: string) =>
    Number((await db.query<Array<{ position: string }>>('SELECT position FROM hub_checkpoints WHERE agency = $1', [agency]))[0].position);

  it('an unsigned event followed by a genuine sealed stub moved behind it is refused, not vouched for by the stub', async () => {
    const kz = new Log('KZ');
    const id = randomUUID();
    const genuine = kz.next(`alert-${id}`, 1, 'AlertRaised', raised('KZ', id, 'genuine'));
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
    const e1 = az.next(`alert-${id}`, 1, 'AlertRaised', raised('AZ', id));
    const e2 = az.next(`alert-${id}`, 2, 'AlertClosed', { alertId: id, reason: 'done' });
    const e3 = az.next(`alert-${id}`, 3, 'AlertRenewed', { alertId: id, expiresAt: '2028-01-01T00:00:00.000Z' });
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
    const e1 = tm.next(`alert-${id}`, 1, 'AlertRaised', raised('TM', id));
    expect(await apply('TM', [e1])).toEqual(['applied']);
    const fork = new Log('TM').next(`alert-${id}`, 1, 'AlertRaised', raised('TM', id, 'another history'));
    expect(await apply('TM', [fork])).toEqual(['refused']);
  });

  it('refuses hostile shapes before hashing: deep nesting; a stub keeps only its header', async () => {
    let deep: unknown = 'x';
    for (let d = 0; d < 20_000; d++) deep = [deep];
    const id = randomUUID();
    const e = new Log('AZ').next(`alert-${id}`, 1, 'AlertRaised', raised('AZ', id));
    expect(
      await apply('AZ', [
        { ...e, payload: { deep } },
        { ...e, position: 99, deep },
      ]),
    ).toEqual(['refused', 'refused']);
    const own = await openHubDatabase('batchverifystub');
    try {
      const kz = new Log('KZ');
      const first = kz.next(`alert-${id}`, 1, 'AlertRaised', raised('KZ', id));
      const stub = { ...sealEvent(kz.next(`alert-${randomUUID()}`, 1, 'AlertRaised', raised('KZ', randomUUID()))), note: 'attacker text' };
      const run = await project(own, 'KZ', [first, stub]);
      expect(run.outcomes.map((o) => o.kind)).toEqual(['applied', 'applied']);
      const [row] = await own.query<Array<{ event: Record<string, unknown> }>>('SELECT event FROM hub_event_log WHERE agency = $1 AND position = 2', ['KZ']);
      expect(row.event.sealed).toBe(true);
      expect(row.event.note).toBeUndefined();
    } finally {
      await own.destroy();
    }
  });
});

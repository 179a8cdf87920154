import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { GENESIS_HASH, restorePersonalData, type SignedEvent } from '@cix/contracts';
import { checkEvent, signEvent, TrustStore } from './event-integrity.js';
import { commitPersonalData, personalDataDigest } from './personal-data.js';

const k = generateKeyPairSync('ed25519');
const trust = new TrustStore().add('KZ', 'KZ-1', k.publicKey.export({ type: 'spki', format: 'pem' }));
const driver = { role: 'driver', name: 'Serik Abenov', isPerson: true, nationality: 'KZ', documentNumber: 'N1234567' };
const shipper = { role: 'shipper', name: 'Kaspiy Trans LLP', isPerson: false };

function signed(payload: unknown): SignedEvent {
  const { payload: committed, personalData } = commitPersonalData(payload);
  return signEvent(
    {
      agency: 'KZ',
      position: 1,
      eventId: '00000000-0000-4000-8000-000000000001',
      streamId: 'alert-1',
      streamVersion: 1,
      type: 'AlertRaised',
      schemaVersion: 1,
      payload: committed,
      metadata: { actor: 'o', agency: 'KZ', correlationId: 'c' },
      occurredAt: '2026-11-20T08:00:00.000Z',
      recordedAt: '2026-11-20T08:00:01.000Z',
      prevHash: GENESIS_HASH,
      ...(personalData ? { personalData } : {}),
    },
    { keyId: 'KZ-1', privateKey: k.privateKey },
  );
}

describe('personal data committed by salted digest', () => {
  it('moves persons (wherever they sit) into the side record; companies and payloads without persons stay as they are', () => {
    const e = signed({ content: { parties: [shipper, driver] }, snapshot: { content: { parties: [driver] } } });
    expect(JSON.stringify(e.payload)).not.toMatch(/Abenov|N1234567/);
    expect(Object.keys(e.personalData!)).toHaveLength(2);
    expect(restorePersonalData(e.payload, e.personalData)).toEqual({ content: { parties: [shipper, driver] }, snapshot: { content: { parties: [driver] } } });
    expect(commitPersonalData({ content: { parties: [shipper] } })).toEqual({ payload: { content: { parties: [shipper] } } });
  });

  it('salts each digest: the same person twice gives two different digests', () => {
    const { payload } = commitPersonalData({ a: driver, b: driver }) as { payload: { a: { digest: string }; b: { digest: string } } };
    expect(payload.a.digest).not.toBe(payload.b.digest);
  });

  it('verifies with the side record, without it (withheld or erased), and refuses a changed or planted one', () => {
    const e = signed({ content: { parties: [driver] } });
    const ref = Object.keys(e.personalData!)[0];
    expect(checkEvent(e, trust)).toBeNull();
    const { personalData: _gone, ...withheld } = e;
    expect(checkEvent(withheld, trust)).toBeNull();
    expect(restorePersonalData(withheld.payload, undefined)).toEqual({
      content: { parties: [{ role: 'driver', isPerson: true, name: '[personal data withheld]', withheld: true }] },
    });
    const changed = { ...e, personalData: { [ref]: { ...e.personalData![ref], data: { ...e.personalData![ref].data, name: 'Someone Else' } } } };
    expect(checkEvent(changed, trust)).toBe('personal-data-mismatch');
    const salt = 'ab';
    const planted = { ...e, personalData: { ...e.personalData, 'pd-x': { salt, data: { name: 'X' } } } };
    expect(checkEvent(planted, trust)).toBe('personal-data-mismatch');
    expect(personalDataDigest(salt, { name: 'X' })).toMatch(/^[0-9a-f]{64}$/);
  });
});

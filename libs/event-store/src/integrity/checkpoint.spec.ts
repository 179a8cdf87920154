import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { GENESIS_HASH, type SignedEvent } from '@cix/contracts';
import { attestCheckpoint, checkCheckpoint, eventCheckpoint, signCheckpoint } from './checkpoint.js';
import { signEvent, TrustStore, type SigningKey } from './event-integrity.js';
import { verifyReplay } from './verify-stream.js';

const pair = () => generateKeyPairSync('ed25519');
const kz = pair();
const hub = pair();
const key: SigningKey = { keyId: 'KZ-1', privateKey: kz.privateKey };
const hubKey: SigningKey = { keyId: 'HUB-1', privateKey: hub.privateKey };
const trust = new TrustStore().add('KZ', 'KZ-1', kz.publicKey.export({ type: 'spki', format: 'pem' })).add('HUB', 'HUB-1', hub.publicKey.export({ type: 'spki', format: 'pem' }));

function chain(n: number, variant = ''): SignedEvent[] {
  const out: SignedEvent[] = [];
  let prevHash = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const e = signEvent({
      agency: 'KZ', position: i, eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, streamId: `s-${i}`, streamVersion: 1, type: 'T',
      schemaVersion: 1, payload: { i, variant }, metadata: { actor: 'o', agency: 'KZ', correlationId: 'c' },
      occurredAt: '2026-11-20T08:00:00.000Z', recordedAt: '2026-11-20T08:00:01.000Z', prevHash,
    }, key);
    prevHash = e.hash;
    out.push(e);
  }
  return out;
}
const header = (extra: Record<string, unknown> = {}) => JSON.stringify({ kind: 'cix-replay', agencies: ['KZ'], complete: true, ...extra });
async function* lines(...ls: string[]) { yield* ls; }
const verify = (...ls: string[]) => verifyReplay(lines(...ls), trust);
const head = (events: SignedEvent[]) => signCheckpoint({ agency: 'KZ', position: events.length, hash: events[events.length - 1].hash, time: '2026-11-20T09:00:00.000Z' }, key);

describe('signed checkpoints', () => {
  it('a node checkpoint verifies, and any change to position, hash or time breaks it', () => {
    const cp = head(chain(3));
    expect(checkCheckpoint(cp, trust)).toBeNull();
    expect(checkCheckpoint({ ...cp, position: 2 }, trust)).toBe('bad-signature');
    expect(checkCheckpoint({ ...cp, time: '2026-11-21T00:00:00.000Z' }, trust)).toBe('bad-signature');
    expect(checkCheckpoint({ ...cp, keyId: 'KZ-9' }, trust)).toBe('unknown-key');
  });

  it('the checkpoint line may come before or after the events', async () => {
    const events = chain(4);
    const cp = JSON.stringify({ checkpoint: head(events) });
    expect(await verify(header(), cp, ...events.map((e) => JSON.stringify(e)))).toMatchObject({ intact: true, verified: 4 });
    expect(await verify(header(), ...events.map((e) => JSON.stringify(e)), cp)).toMatchObject({ intact: true, verified: 4 });
  });

  it('refuses an export whose event at the checkpoint position is not the signed one (another history)', async () => {
    const signed = chain(3);
    const other = chain(3, 'forked');
    const cp = JSON.stringify({ checkpoint: head(signed) });
    expect((await verify(header(), cp, ...other.map((e) => JSON.stringify(e)))).broken).toMatchObject({ reason: 'checkpoint-mismatch', position: 3 });
    expect((await verify(header(), ...other.map((e) => JSON.stringify(e)), cp)).broken).toMatchObject({ reason: 'checkpoint-mismatch', position: 3 });
  });

  it('a filtered export is not held to the checkpoint position, and says it is not complete', async () => {
    const events = chain(5);
    const v = await verify(header({ complete: false }), ...events.slice(0, 2).map((e) => JSON.stringify(e)), JSON.stringify({ checkpoint: head(events) }));
    expect(v).toMatchObject({ intact: true, complete: false, verified: 2 });
  });

  it('an event checkpoint needs the exporter attestation; a forged attestation fails when the exporter key is trusted', async () => {
    const events = chain(3);
    const cp = eventCheckpoint(events[2]);
    const body = events.map((e) => JSON.stringify(e));
    expect((await verify(header(), ...body, JSON.stringify({ checkpoint: cp }))).broken).toMatchObject({ reason: 'malformed' });
    const attested = attestCheckpoint(cp, 'HUB', hubKey);
    expect(await verify(header(), ...body, JSON.stringify({ checkpoint: attested }))).toMatchObject({ intact: true, checkpoints: [{ agency: 'KZ', position: 3, over: 'event', attested: true }] });
    const forged = attestCheckpoint(cp, 'HUB', { keyId: 'HUB-1', privateKey: pair().privateKey });
    expect((await verify(header(), ...body, JSON.stringify({ checkpoint: forged }))).broken).toMatchObject({ reason: 'bad-signature' });
  });

  it('lists the keys it accepted signatures from, with SHA-256 fingerprints', async () => {
    const events = chain(2);
    const v = await verify(header(), ...events.map((e) => JSON.stringify(e)), JSON.stringify({ checkpoint: head(events) }));
    expect(v.trustedKeys).toEqual([{ agency: 'KZ', keyId: 'KZ-1', fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
  });

  it('reports a line that is JSON but not an object (null, a number, a list) as malformed instead of crashing', async () => {
    for (const line of ['null', '42', '[]', '"text"']) {
      expect((await verify(line)).broken).toMatchObject({ line: 1, reason: 'malformed' });
      expect((await verify(header(), line)).broken).toMatchObject({ line: 2, reason: 'malformed' });
    }
  });
});

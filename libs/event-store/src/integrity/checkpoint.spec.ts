import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type { SignedEvent } from '@cix/contracts';
import { signedChain } from '../../../../test/support/signed-chain.js';
import { attestCheckpoint, checkCheckpoint, eventCheckpoint, signCheckpoint } from './checkpoint.js';
import { TrustStore, type SigningKey } from './event-integrity.js';
import { signExportClaims, type ExportClaims } from './export-claims.js';
import { verifyReplay } from './verify-stream.js';

const pair = () => generateKeyPairSync('ed25519');
const kz = pair();
const hub = pair();
const key: SigningKey = { keyId: 'KZ-1', privateKey: kz.privateKey };
const hubKey: SigningKey = { keyId: 'HUB-1', privateKey: hub.privateKey };
const trust = new TrustStore()
  .add('KZ', 'KZ-1', kz.publicKey.export({ type: 'spki', format: 'pem' }))
  .add('HUB', 'HUB-1', hub.publicKey.export({ type: 'spki', format: 'pem' }));

const chain = (n: number, variant = ''): SignedEvent[] => signedChain(key, n, (i) => ({ payload: { i, variant } }));
const header = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ kind: 'cix-replay', exportedAt: '2026-11-20T09:00:00.000Z', agencies: ['KZ'], filters: {}, complete: true, ...extra });
async function* lines(...ls: string[]) {
  yield* ls;
}
/** The claims an honest exporter signs for these lines (header first): its header, its count, its checkpoints. */
const claimsOf = (ls: string[], over: Partial<ExportClaims> = {}, signer: SigningKey = key) => {
  const { kind: _k, ...h } = JSON.parse(ls[0]);
  const body = ls.slice(1).map((l) => JSON.parse(l));
  const checkpoints = Object.fromEntries(body.filter((x) => x.checkpoint).map((x) => [x.checkpoint.agency, x.checkpoint.position]));
  return JSON.stringify(signExportClaims({ ...h, exporter: 'KZ', expected: body.filter((x) => !x.checkpoint).length, checkpoints, ...over }, signer));
};
const verify = (...ls: string[]) => verifyReplay(lines(...ls, claimsOf(ls)), trust);
const verifyAsIs = (...ls: string[]) => verifyReplay(lines(...ls), trust);
const head = (events: SignedEvent[]) =>
  signCheckpoint({ agency: 'KZ', position: events.length, hash: events[events.length - 1].hash, time: '2026-11-20T09:00:00.000Z' }, key);

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
    expect(await verify(header(), ...body, JSON.stringify({ checkpoint: attested }))).toMatchObject({
      intact: true,
      checkpoints: [{ agency: 'KZ', position: 3, over: 'event', attested: true }],
    });
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
      expect((await verifyAsIs(line)).broken).toMatchObject({ line: 1, reason: 'malformed' });
      expect((await verifyAsIs(header(), line)).broken).toMatchObject({ line: 2, reason: 'malformed' });
    }
  });
});

describe('signed export claims (the header is not signed)', () => {
  const events = chain(20);
  const body = events.map((e) => JSON.stringify(e));
  const cp = JSON.stringify({ checkpoint: head(events) });
  const honest = [header(), ...body, cp];

  it('an honest export verifies and names who signed its claims', async () => {
    expect(await verifyAsIs(...honest, claimsOf(honest))).toMatchObject({
      intact: true,
      complete: true,
      verified: 20,
      exporter: { agency: 'KZ', keyId: 'KZ-1' },
    });
  });

  it('without the claims line it is not intact', async () => {
    expect((await verifyAsIs(...honest)).broken).toMatchObject({ reason: 'claims-missing' });
  });

  it('cut after 8 events and the header relabelled as filtered (complete:false, expected:8): not intact', async () => {
    const cut = [header({ complete: false, expected: 8 }), ...body.slice(0, 8), cp, claimsOf(honest)];
    expect((await verifyAsIs(...cut)).broken).toMatchObject({ reason: 'claims-mismatch' });
    const noExpected = [header({ complete: false }), ...body.slice(0, 8), cp, claimsOf(honest)];
    expect((await verifyAsIs(...noExpected)).broken).toMatchObject({ reason: 'claims-mismatch' });
  });

  it('a filtered export whose events were cut fails on the count the exporter signed', async () => {
    const filtered = [header({ complete: false, filters: { to: '2026-11-20T08:30:00.000Z' } }), ...body.slice(0, 12), cp];
    expect(await verifyAsIs(...filtered, claimsOf(filtered))).toMatchObject({ intact: true, complete: false, verified: 12 });
    expect((await verifyAsIs(...filtered.slice(0, 9), cp, claimsOf(filtered))).broken).toMatchObject({ reason: 'count-mismatch' });
  });

  it('an agency of the signed scope whose events and checkpoint were removed: not intact', async () => {
    const ls = [header({ agencies: ['KZ', 'HUB'] }), ...body, cp];
    const claims = claimsOf(ls, { checkpoints: { KZ: 20, HUB: 7 } });
    expect((await verifyAsIs(...ls, claims)).broken).toMatchObject({ reason: 'checkpoint-missing', agency: 'HUB' });
    expect((await verifyAsIs(header(), ...body, cp, claims)).broken).toMatchObject({ reason: 'claims-mismatch' });
  });

  it('an agency the exporter signed as empty may carry nothing; events outside the signed scope are refused', async () => {
    const ls = [header({ agencies: ['KZ', 'AZ'] }), ...body, cp];
    expect(await verifyAsIs(...ls, claimsOf(ls))).toMatchObject({ intact: true });
    const narrow = [header({ agencies: [] }), ...body, cp];
    expect((await verifyAsIs(...narrow, claimsOf(narrow))).broken).toMatchObject({
      reason: 'claims-mismatch',
      detail: expect.stringContaining('outside the scope'),
    });
  });

  it('claims signed with a key not trusted for the exporter, or forged, are refused', async () => {
    expect((await verifyAsIs(...honest, claimsOf(honest, {}, { keyId: 'KZ-9', privateKey: pair().privateKey }))).broken).toMatchObject({
      reason: 'unknown-key',
      agency: 'KZ',
    });
    expect((await verifyAsIs(...honest, claimsOf(honest, {}, { keyId: 'KZ-1', privateKey: pair().privateKey }))).broken).toMatchObject({
      reason: 'bad-signature',
      agency: 'KZ',
    });
    const claims = JSON.parse(claimsOf(honest));
    claims.exportClaims.complete = false;
    expect((await verifyAsIs(header({ complete: false }), ...body, cp, JSON.stringify(claims))).broken).toMatchObject({ reason: 'bad-signature' });
  });
});

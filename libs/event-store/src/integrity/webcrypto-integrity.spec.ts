import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { sealEvent, type SignedEvent } from '@cix/contracts';
import { signedChain } from '../../../../test/support/signed-chain.js';
import { keyFingerprint, signCheckpoint } from './checkpoint.js';
import { TrustStore, type SigningKey } from './event-integrity.js';
import { signExportClaims } from './export-claims.js';
import { commitPersonalData } from './personal-data.js';
import { verifyReplayWith } from './replay-verifier.js';
import { verifyReplay } from './verify-stream.js';
import { pemToSpki, spkiFingerprint, webCryptoIntegrity } from './webcrypto-integrity.js';

// The auditor's browser verifies with WebCrypto what `cix verify` verifies with node:crypto: both
// run replay-verifier.ts, and here both run over the same files, intact and tampered in every way
// `cix verify` names, and must give the same verdict (reason, line, event, keys, fingerprints).
const pair = () => generateKeyPairSync('ed25519');
const kz = pair();
const hub = pair();
const key: SigningKey = { keyId: 'KZ-1', privateKey: kz.privateKey };
const hubKey: SigningKey = { keyId: 'HUB-1', privateKey: hub.privateKey };
const pem = (k: ReturnType<typeof pair>) => k.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const trust = new TrustStore().add('KZ', 'KZ-1', pem(kz)).add('HUB', 'HUB-1', pem(hub));
const pins = [
  { agency: 'KZ', keyId: 'KZ-1', spki: pemToSpki(pem(kz)) },
  { agency: 'HUB', keyId: 'HUB-1', spki: pemToSpki(pem(hub)) },
];
const driver = { role: 'driver', name: 'Serik Abenov', isPerson: true, documentNumber: 'N1234567' };

const chain = (n: number): SignedEvent[] =>
  signedChain(key, n, (i) => {
    const { payload, personalData } = commitPersonalData({ i, parties: i === 2 ? [driver] : [], note: 'Кызылорда' });
    return { payload, ...(personalData ? { personalData } : {}) };
  });

const events = chain(6);
const head = signCheckpoint({ agency: 'KZ', position: 6, hash: events[5].hash, time: '2026-11-20T09:00:00.000Z' }, key);
const header = { kind: 'cix-replay', exportedAt: '2026-11-20T09:00:00.000Z', agencies: ['KZ'], filters: {}, complete: true, expected: 6 };
const claims = signExportClaims({ ...header, exporter: 'HUB', checkpoints: { KZ: 6 } }, hubKey);
const honest = (): unknown[] => [header, ...events, { checkpoint: head }, claims];

type Tamper = (ls: unknown[]) => unknown[];
const at =
  (i: number, f: (e: SignedEvent) => unknown): Tamper =>
  (ls) =>
    ls.map((l, j) => (j === i ? f(l as SignedEvent) : l));
const cases: Array<[string, Tamper, string | null]> = [
  ['intact', (ls) => ls, null],
  ['a changed payload', at(3, (e) => ({ ...e, payload: { ...(e.payload as object), i: 99 } })), 'hash-mismatch'],
  ['a deleted event', (ls) => ls.filter((_, j) => j !== 4), 'position-gap'],
  ['a forged signature', at(3, (e) => ({ ...e, signature: Buffer.alloc(64, 1).toString('base64') })), 'bad-signature'],
  ['a signature that is not base64', at(3, (e) => ({ ...e, signature: '***' })), 'bad-signature'],
  ['a key nobody trusts', at(2, (e) => ({ ...e, keyId: 'KZ-9' })), 'unknown-key'],
  [
    'a changed personal-data record',
    at(2, (e) => {
      const [ref, r] = Object.entries(e.personalData!)[0];
      return { ...e, personalData: { [ref]: { ...r, data: { ...r.data, name: 'Someone Else' } } } };
    }),
    'personal-data-mismatch',
  ],
  ['a withheld personal-data record', at(2, ({ personalData: _p, ...e }) => e), null],
  ['an event replaced by its sealed stub', at(4, (e) => sealEvent(e)), null],
  ['a cut export', (ls) => [...ls.slice(0, 4), ls[7], ls[8]], 'count-mismatch'],
  ['no claims line', (ls) => ls.slice(0, 8), 'claims-missing'],
  ['a relabelled header', at(0, () => ({ ...header, complete: false })), 'claims-mismatch'],
  ['a forged checkpoint', at(7, () => ({ checkpoint: { ...head, time: '2026-11-21T09:00:00.000Z' } })), 'bad-signature'],
  ['a line that is no JSON', at(2, () => '{"agency":'), 'malformed'],
];
const ndjson = (ls: unknown[]) => ls.map((l) => (typeof l === 'string' ? l : JSON.stringify(l)));

describe('the browser verifier (WebCrypto) agrees with cix verify (node:crypto)', () => {
  it.each(cases)('%s', async (_name, tamper, reason) => {
    const lines = ndjson(tamper(honest()));
    const node = await verifyReplay(lines, trust);
    const browser = await verifyReplayWith(lines, await webCryptoIntegrity(pins));
    expect(node.broken?.reason ?? null).toBe(reason);
    expect(browser).toEqual(node);
  });

  it('prints the same fingerprints as cix verify (sha256 of the DER SPKI)', async () => {
    expect(await spkiFingerprint(pins[0].spki)).toBe(`sha256:${keyFingerprint(kz.publicKey)}`);
    const v = await verifyReplayWith(ndjson(honest()), await webCryptoIntegrity(pins));
    expect(v.trustedKeys).toEqual([
      { agency: 'HUB', keyId: 'HUB-1', fingerprint: keyFingerprint(hub.publicKey) },
      { agency: 'KZ', keyId: 'KZ-1', fingerprint: keyFingerprint(kz.publicKey) },
    ]);
  });

  it('a pinned key that is not the signer’s is refused as a bad signature, and a key that is not Ed25519 is refused at import', async () => {
    const wrong = [{ ...pins[0], spki: pemToSpki(pem(pair())) }, pins[1]];
    expect((await verifyReplayWith(ndjson(honest()), await webCryptoIntegrity(wrong))).broken).toMatchObject({ reason: 'bad-signature', line: 2 });
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    await expect(webCryptoIntegrity([{ agency: 'KZ', keyId: 'KZ-1', spki: pemToSpki(rsa) }])).rejects.toThrow(/KZ:KZ-1 is not an Ed25519/);
  });
});

import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { issueToken } from './dev-tokens.js';
import { TokenVerifier } from './token-verifier.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'cix-auth-'));
const keys = Object.fromEntries(['KZ', 'AZ', 'CCP'].map((a) => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const pub = path.join(dir, `${a}.pem`);
  writeFileSync(pub, publicKey.export({ type: 'spki', format: 'pem' }));
  return [a, { priv: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, pub }];
}));
const spec = Object.entries(keys).map(([a, k]) => `${a}=${k.pub}`).join(',');

describe('token verification', () => {
  it('accepts a token of a trusted issuer and returns the principal', async () => {
    const v = TokenVerifier.fromSpec(spec);
    const t = await issueToken(keys.KZ.priv, { agency: 'KZ', role: 'officer', unit: 'KZ-AKTAU', sub: 'aidos' });
    await expect(v.verify(t)).resolves.toEqual({ sub: 'aidos', agency: 'KZ', role: 'officer', unit: 'KZ-AKTAU' });
  });

  it("refuses a token whose agency claim names another agency than its issuer's key", async () => {
    const v = TokenVerifier.fromSpec(spec);
    const t = await issueToken(keys.KZ.priv, { agency: 'AZ', role: 'officer' });
    await expect(v.verify(t)).rejects.toThrow(/invalid token/);
  });

  it('a node restricted to its own agency refuses other agencies', async () => {
    const v = TokenVerifier.fromSpec(spec, ['KZ']);
    const t = await issueToken(keys.AZ.priv, { agency: 'AZ', role: 'officer' });
    await expect(v.verify(t)).rejects.toThrow(/does not trust/);
  });

  it('refuses expired tokens, coordinators of an agency and officers of the programme', async () => {
    const v = TokenVerifier.fromSpec(spec);
    await expect(v.verify(await issueToken(keys.KZ.priv, { agency: 'KZ', role: 'officer' }, -10))).rejects.toThrow(/exp/);
    await expect(v.verify(await issueToken(keys.KZ.priv, { agency: 'KZ', role: 'coordinator' }))).rejects.toThrow(/cannot belong/);
    await expect(v.verify(await issueToken(keys.CCP.priv, { agency: 'CCP', role: 'officer' }))).rejects.toThrow(/cannot belong/);
    await expect(v.verify('not.a.token')).rejects.toThrow(/malformed/);
  });
});

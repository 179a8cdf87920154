import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { issueToken } from './dev-tokens.js';
import { SignJWT } from 'jose';
import { createPrivateKey } from 'node:crypto';
import { claimProblem, parseIssuerEntry, TokenVerifier } from './token-verifier.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'cix-auth-'));
const keys = Object.fromEntries(
  ['KZ', 'AZ', 'CCP'].map((a) => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const pub = path.join(dir, `${a}.pem`);
    writeFileSync(pub, publicKey.export({ type: 'spki', format: 'pem' }));
    return [a, { priv: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, pub }];
  }),
);
const spec = Object.entries(keys)
  .map(([a, k]) => `${a}=${k.pub}`)
  .join(',');

describe('token verification', () => {
  it('accepts a token of a trusted issuer and returns the principal', async () => {
    const v = TokenVerifier.fromSpec(spec);
    const t = await issueToken(keys.KZ.priv, { agency: 'KZ', role: 'officer', unit: 'KZ-AKTAU', sub: 'aidos' });
    await expect(v.verify(t)).resolves.toEqual({ sub: 'aidos', agency: 'KZ', role: 'officer', unit: 'KZ-AKTAU', exp: expect.any(Number) });
  });

  it("refuses a token whose agency claim names another agency than its issuer's key", async () => {
    const v = TokenVerifier.fromSpec(spec);
    const t = await issueToken(keys.KZ.priv, { agency: 'AZ', role: 'officer', unit: 'AZ-ALYAT' }, 3600, { issuer: 'ccp-dev-issuer-AZ' });
    await expect(v.verify(t)).rejects.toThrow(/invalid token/);
  });

  it('a node restricted to its own agency refuses other agencies', async () => {
    const v = TokenVerifier.fromSpec(spec, ['KZ']);
    const t = await issueToken(keys.AZ.priv, { agency: 'AZ', role: 'officer', unit: 'AZ-ALYAT' });
    await expect(v.verify(t)).rejects.toThrow(/does not trust/);
  });

  it('refuses expired tokens, coordinators of an agency and officers of the programme', async () => {
    const v = TokenVerifier.fromSpec(spec);
    await expect(v.verify(await issueToken(keys.KZ.priv, { agency: 'KZ', role: 'officer', unit: 'KZ-AKTAU' }, -60))).rejects.toThrow(/exp/);
    await expect(v.verify(await issueToken(keys.KZ.priv, { agency: 'KZ', role: 'coordinator' }))).rejects.toThrow(/cannot belong/);
    await expect(v.verify(await issueToken(keys.CCP.priv, { agency: 'CCP', role: 'officer' }))).rejects.toThrow(/cannot belong/);
    await expect(v.verify('not.a.token')).rejects.toThrow(/malformed/);
  });

  it("refuses an iss that is not one of the agency's configured issuers, and a foreign audience", async () => {
    const v = TokenVerifier.fromSpec(`KZ:https://idp.kz.example/realms/ccp=${keys.KZ.pub},CCP=${keys.CCP.pub}`);
    const officer = { agency: 'KZ', role: 'officer' as const, unit: 'KZ-AKTAU' };
    await expect(v.verify(await issueToken(keys.KZ.priv, officer, 3600, { issuer: 'https://idp.kz.example/realms/ccp' }))).resolves.toMatchObject({
      agency: 'KZ',
    });
    // the development issuer id is no longer trusted once KZ lists its own issuer
    await expect(v.verify(await issueToken(keys.KZ.priv, officer))).rejects.toThrow(/not a configured issuer of KZ/);
    await expect(
      v.verify(await issueToken(keys.KZ.priv, officer, 3600, { issuer: 'https://idp.kz.example/realms/ccp', audience: 'another-platform' })),
    ).rejects.toThrow(/aud/);
  });

  it('refuses a lifetime above the maximum, also when iat is dated ahead', async () => {
    const v = TokenVerifier.fromSpec(spec, undefined, { maxLifetimeSeconds: 3600 });
    await expect(v.verify(await issueToken(keys.KZ.priv, { agency: 'KZ', role: 'officer', unit: 'KZ-AKTAU' }, 3600))).resolves.toBeDefined();
    await expect(v.verify(await issueToken(keys.KZ.priv, { agency: 'KZ', role: 'officer', unit: 'KZ-AKTAU' }, 3700))).rejects.toThrow(/lifetime/);
    const now = Math.floor(Date.now() / 1000);
    const aheadIat = await new SignJWT({ agency: 'KZ', role: 'officer', unit: 'KZ-AKTAU' })
      .setProtectedHeader({ alg: 'EdDSA' })
      .setSubject('x')
      .setIssuer('ccp-dev-issuer-KZ')
      .setAudience('caspian-intel-exchange')
      .setIssuedAt(now + 86400)
      .setExpirationTime(now + 86400 + 600)
      .sign(createPrivateKey(keys.KZ.priv));
    await expect(v.verify(aheadIat)).rejects.toThrow(/lifetime/);
  });

  it("refuses an empty sub, and an officer's unit that is not a unit of the officer's agency", async () => {
    const v = TokenVerifier.fromSpec(spec);
    await expect(v.verify(await issueToken(keys.KZ.priv, { agency: 'KZ', role: 'officer', unit: 'KZ-AKTAU', sub: ' ' }))).rejects.toThrow(/sub/);
    await expect(v.verify(await issueToken(keys.KZ.priv, { agency: 'KZ', role: 'officer', unit: 'AZ-ALYAT' }))).rejects.toThrow(/not a unit of KZ/);
    await expect(v.verify(await issueToken(keys.KZ.priv, { agency: 'KZ', role: 'officer', unit: '<b>x</b>' }))).rejects.toThrow(/not a unit of KZ/);
    await expect(v.verify(await issueToken(keys.KZ.priv, { agency: 'KZ', role: 'officer' }))).rejects.toThrow(/not a unit of KZ/);
    await expect(v.verify(await issueToken(keys.KZ.priv, { agency: 'KZ', role: 'auditor' }))).resolves.toMatchObject({ role: 'auditor' });
  });

  it('claim rules as a pure function', () => {
    const policy = { maxLifetimeSeconds: 100, units: [{ code: 'KZ-AKTAU', agency: 'KZ' }] };
    const ok = { sub: 'a', iat: 1000, exp: 1100, role: 'officer', unit: 'KZ-AKTAU' };
    expect(claimProblem(ok, 'KZ', policy, 1000)).toBeNull();
    expect(claimProblem({ ...ok, exp: 1101 }, 'KZ', policy, 1000)).toMatch(/lifetime/);
    expect(claimProblem({ ...ok, sub: '' }, 'KZ', policy, 1000)).toMatch(/sub/);
    expect(claimProblem({ ...ok, sub: 'a\u0000b' }, 'KZ', policy, 1000)).toMatch(/sub/);
    expect(claimProblem({ ...ok, unit: 'KZ-AKTAU' }, 'AZ', policy, 1000)).toMatch(/not a unit of AZ/);
    expect(claimProblem({ ...ok, role: 'coordinator', unit: undefined }, 'CCP', policy, 1000)).toBeNull();
  });

  it('parses AUTH_ISSUERS entries with and without an issuer id, and refuses http JWKS unless allowed', () => {
    expect(parseIssuerEntry('KZ=/keys/kz.pem')).toEqual({ agency: 'KZ', issuer: 'ccp-dev-issuer-KZ', source: '/keys/kz.pem' });
    expect(parseIssuerEntry('KZ:https://idp.kz/realms/ccp=https://idp.kz/realms/ccp/certs')).toEqual({
      agency: 'KZ',
      issuer: 'https://idp.kz/realms/ccp',
      source: 'https://idp.kz/realms/ccp/certs',
    });
    expect(() => parseIssuerEntry('kz')).toThrow(/AGENCY:ISSUER_ID=source/);
    expect(() => TokenVerifier.fromSpec('KZ:http://idp=http://127.0.0.1:8080/certs')).toThrow(/must be https/);
    expect(() => TokenVerifier.fromSpec('KZ:http://idp=http://127.0.0.1:8080/certs', undefined, { allowHttpJwks: true })).not.toThrow();
    expect(() => TokenVerifier.fromSpec('KZ:http://idp=http://localhost:8080/certs', undefined, { allowHttpJwks: true })).not.toThrow();
    // even when allowed, http only on this machine: anywhere else the keys could be swapped on the way
    expect(() => TokenVerifier.fromSpec('KZ:http://idp=http://idp.kz:8080/certs', undefined, { allowHttpJwks: true })).toThrow(/loopback/);
    expect(() => TokenVerifier.fromSpec('KZ:http://idp=http://10.0.0.5/certs', undefined, { allowHttpJwks: true })).toThrow(/loopback/);
    expect(TokenVerifier.fromSpec('KZ:https://idp=https://idp.kz/certs')).toBeDefined();
  });
});

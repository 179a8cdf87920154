import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_REFERENCE_DATA } from '@cix/contracts';
import { call } from './support/http.js';
import { refreshAtProvider, signInWithProvider, startOidcProvider, type TestOidcProvider } from './support/oidc.js';
import { startHub, startNode, type RunningNode } from './support/platform.js';
import { startTestNats, testKeys, type TestNats } from './support/test-env.js';
import { demoAccounts } from '../tools/infra/oidc-accounts.mjs';

// People sign in at their agency's OpenID Provider (the local stack's, tools/infra/oidc-provider.mjs);
// the node and the hub accept its access tokens through the issuers' JWKS and check iss, aud,
// lifetime and the officer's unit, as they would an agency's production provider.
describe('sign-in with the OpenID Provider: tokens on node and hub', () => {
  const CONSOLE = 'http://127.0.0.1:9';
  let nats: TestNats;
  let idp: TestOidcProvider;
  /** Trusted as well, with 3-second access tokens. */
  let shortLived: TestOidcProvider;
  /** Holds the same keys but is configured nowhere: its `iss` is nobody's. */
  let rogue: TestOidcProvider;
  /** Trusted, but issues its access tokens for another platform (aud). */
  let foreign: TestOidcProvider;
  let hub: { app: { close(): Promise<void> }; url: string };
  let node: RunningNode;
  const password = 'caspian-demo';
  const stray = { username: 'kz-stray-officer', agency: 'KZ', role: 'officer' as const, unit: 'AZ-ALYAT' };
  const status = async (url: string, token: string) => (await call('GET', url, { token })).status;

  beforeAll(async () => {
    idp = await startOidcProvider({ consoleOrigins: [CONSOLE], accounts: [...demoAccounts(), stray] });
    shortLived = await startOidcProvider({ consoleOrigins: [CONSOLE], accessTokenTtlSeconds: 3 });
    rogue = await startOidcProvider({ consoleOrigins: [CONSOLE] });
    foreign = await startOidcProvider({ consoleOrigins: [CONSOLE], audience: 'another-platform' });
    const trusted = [testKeys.authIssuers, idp.authIssuers, shortLived.authIssuers, foreign.authIssuers];
    const trust = { AUTH_ISSUERS: trusted.join(','), AUTH_ALLOW_HTTP_JWKS: 'true' };
    nats = await startTestNats(['KZ']);
    hub = await startHub(nats, ['KZ'], { ...trust, CONSOLE_OIDC_ISSUERS: idp.consoleIssuers });
    node = await startNode('KZ', nats, undefined, hub.url, trust);
  }, 120_000);

  afterAll(async () => {
    await hub?.app.close();
    await node?.app.close();
    await nats?.stop();
    for (const p of [idp, shortLived, rogue, foreign]) await p?.stop();
  });

  it('has a demo officer for every unit of the reference data, and an account for every role', () => {
    const accounts = demoAccounts();
    const officerUnits = accounts.filter((a) => a.role === 'officer').map((a) => a.unit);
    expect(officerUnits.sort()).toEqual(DEFAULT_REFERENCE_DATA.units.map((u) => u.code).sort());
    for (const agency of ['AZ', 'KZ', 'TM', 'CCP']) expect(accounts.some((a) => a.agency === agency && a.role === 'auditor')).toBe(true);
    expect(accounts.some((a) => a.agency === 'CCP' && a.role === 'coordinator')).toBe(true);
  });

  it("accepts a KZ officer's provider token on the KZ node (also to post) and on the hub", async () => {
    const { access_token: token } = await signInWithProvider(idp.issuers.KZ, 'kz-aktau-officer', password, `${CONSOLE}/`);
    expect(await status(`${node.url}/api/alerts`, token)).toBe(200);
    expect(await status(`${hub.url}/api/alerts`, token)).toBe(200);
    const posted = await call('POST', `${node.url}/api/alerts`, {
      token,
      headers: { 'Idempotency-Key': 'oidc-1' },
      body: {
        kind: 'seizure',
        unit: 'KZ-AKTAU',
        occurredAt: '2026-11-20T08:00:00Z',
        commodity: { category: 'drugs', description: 'heroin in a false floor' },
        distribution: { level: 'regional' },
      },
    });
    expect(posted.status).toBe(201);
    // what the officer posts is signed with the provider's subject and unit
    const stored = await call('GET', `${node.url}/api/alerts/${posted.body.id}`, { token });
    expect(JSON.stringify(stored.body)).toContain('kz-aktau-officer');
  }, 30_000);

  it("accepts the programme's coordinator on the hub and refuses it on a national node", async () => {
    const { access_token: token } = await signInWithProvider(idp.issuers.CCP, 'ccp-coordinator', password, `${CONSOLE}/`);
    expect(await status(`${hub.url}/api/alerts`, token)).toBe(200);
    expect(await status(`${node.url}/api/alerts`, token)).toBe(401);
  }, 30_000);

  it('refuses a token of a trusted issuer for another audience, and the ID token (it is for the console)', async () => {
    const { access_token: token } = await signInWithProvider(foreign.issuers.KZ, 'kz-kuryk-officer', password, `${CONSOLE}/`);
    for (const url of [`${node.url}/api/alerts`, `${hub.url}/api/alerts`]) {
      const r = await call('GET', url, { token });
      expect({ url, status: r.status, message: r.body.message as string }).toEqual({ url, status: 401, message: expect.stringMatching(/"aud"/) });
    }
    const { id_token } = await signInWithProvider(idp.issuers.KZ, 'kz-kuryk-officer', password, `${CONSOLE}/`);
    expect(await status(`${node.url}/api/alerts`, id_token)).toBe(401);
    expect(await status(`${hub.url}/api/alerts`, id_token)).toBe(401);
  }, 30_000);

  it('refuses a token signed with a trusted key by an issuer nobody configured (wrong iss)', async () => {
    const { access_token: token } = await signInWithProvider(rogue.issuers.KZ, 'kz-aktau-officer', password, `${CONSOLE}/`);
    for (const url of [`${node.url}/api/alerts`, `${hub.url}/api/alerts`]) {
      const r = await call('GET', url, { token });
      expect({ status: r.status, message: r.body.message as string }).toEqual({ status: 401, message: expect.stringMatching(/not a configured issuer of KZ/) });
    }
  }, 30_000);

  it("refuses an officer whose unit is not one of the officer's agency", async () => {
    const { access_token: token } = await signInWithProvider(idp.issuers.KZ, stray.username, password, `${CONSOLE}/`);
    const r = await call('GET', `${hub.url}/api/alerts`, { token });
    expect({ status: r.status, message: r.body.message as string }).toEqual({
      status: 401,
      message: expect.stringMatching(/unit "AZ-ALYAT" is not a unit of KZ/),
    });
    expect(await status(`${node.url}/api/alerts`, token)).toBe(401);
  }, 30_000);

  it('refuses an expired token, and accepts the one its refresh token gets', async () => {
    const tokens = await signInWithProvider(shortLived.issuers.KZ, 'kz-aktau-officer', password, `${CONSOLE}/`);
    expect(await status(`${hub.url}/api/alerts`, tokens.access_token)).toBe(200);
    const exp = (JSON.parse(Buffer.from(tokens.access_token.split('.')[1], 'base64url').toString()) as { exp: number }).exp;
    await new Promise((r) => setTimeout(r, exp * 1000 - Date.now() + 1100));
    expect(await status(`${hub.url}/api/alerts`, tokens.access_token)).toBe(401);
    expect(await status(`${node.url}/api/alerts`, tokens.access_token)).toBe(401);
    const renewed = await refreshAtProvider(shortLived.issuers.KZ, tokens.refresh_token);
    expect(renewed.access_token).not.toBe(tokens.access_token);
    expect(await status(`${node.url}/api/alerts`, renewed.access_token)).toBe(200);
    // the provider rotates refresh tokens: the used one is spent
    await expect(refreshAtProvider(shortLived.issuers.KZ, tokens.refresh_token)).rejects.toThrow(/invalid_grant/);
  }, 30_000);

  it("tells the console where each agency signs in, and lets the console's page reach the providers (CSP)", async () => {
    const config = await call('GET', `${hub.url}/api/console/config`);
    expect(config.body.issuers).toEqual(['AZ', 'KZ', 'TM', 'CCP'].map((agency) => ({ agency, issuer: idp.issuers[agency], clientId: 'cix-console' })));
    const csp = (await fetch(`${hub.url}/`)).headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(new RegExp(`connect-src [^;]*${idp.url.replace(/[.]/g, '\\.')}`));
  });

  it('a hub refuses to start when the console would sign people in at an issuer it does not trust', async () => {
    await expect(startHub(nats, ['KZ'], { CONSOLE_OIDC_ISSUERS: idp.consoleIssuers })).rejects.toThrow(
      /CONSOLE_OIDC_ISSUERS: AZ=.* is not an issuer of AZ in AUTH_ISSUERS/,
    );
  });
});

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { issueToken, type Role } from '@cix/auth';
import { call, eventually, minimalSeizure } from '../support/http.js';
import { startPlatform, token } from '../support/platform.js';
import { openStream } from '../support/sse.js';
import { testKeys } from '../support/test-env.js';
import { hubWith, type Configured } from './configured-services.js';

// Threat model, identity (issue 10, items 7 and 11): a token counts only when its issuer is one
// configured for its agency, it names this platform as audience, it lives no longer than the
// configured maximum, names a subject, and an officer's unit is a unit of the officer's agency
// (what the officer writes is signed with it). A live feed ends when its token does.
describe('tokens', () => {
  let p: Awaited<ReturnType<typeof startPlatform>>;
  const mint = (agency: string, role: Role, unit: string | undefined, ttl = 3600, opts: { audience?: string; issuer?: string; sub?: string } = {}) =>
    issueToken(readFileSync(testKeys.issuers[agency].key), { agency, role, unit, sub: opts.sub ?? `kz-${role}-test` }, ttl, opts);
  const post = (t: string, key: string, body = minimalSeizure()) =>
    call('POST', `${p.nodes.KZ.url}/api/alerts`, { token: t, headers: { 'idempotency-key': key }, body });

  beforeAll(async () => {
    p = await startPlatform(['AZ', 'KZ']);
  }, 90_000);
  afterAll(() => p?.close());

  it('a well-formed token of the configured issuer is accepted on the node and the hub', async () => {
    const t = await mint('KZ', 'officer', 'KZ-AKTAU');
    expect((await post(t, 'ok-1')).status).toBe(201);
    expect((await call('GET', `${p.hub.url}/api/alerts`, { token: t })).status).toBe(200);
  });

  it.each([
    ['an issuer not configured for the agency', () => mint('KZ', 'officer', 'KZ-AKTAU', 3600, { issuer: 'https://idp.attacker.example' })],
    ["another agency's issuer id", () => mint('KZ', 'officer', 'KZ-AKTAU', 3600, { issuer: 'ccp-dev-issuer-AZ' })],
    ['another audience', () => mint('KZ', 'officer', 'KZ-AKTAU', 3600, { audience: 'some-other-platform' })],
    ['a lifetime of 30 days', () => mint('KZ', 'officer', 'KZ-AKTAU', 30 * 24 * 3600)],
    ['an empty subject', () => mint('KZ', 'officer', 'KZ-AKTAU', 3600, { sub: '' })],
    ['a unit of another agency (KZ officer as AZ-ALYAT)', () => mint('KZ', 'officer', 'AZ-ALYAT')],
    ['markup as a unit', () => mint('KZ', 'officer', '<img src=x onerror=alert(1)>')],
    ['an officer without a unit', () => mint('KZ', 'officer', undefined)],
  ])('refuses a token with %s: 401 on the node and on the hub, nothing written', async (_what, make) => {
    const t = await make();
    const write = await post(t, `bad-${Math.random()}`);
    expect(write.status).toBe(401);
    expect(write.body.code).toBe('AUTH.UNAUTHENTICATED');
    expect((await call('GET', `${p.hub.url}/api/alerts`, { token: t })).status).toBe(401);
    expect((await call('GET', `${p.nodes.KZ.url}/api/alerts`, { token: t })).status).toBe(401);
  });

  it("feedback is signed with the officer's own unit: a KZ token naming AZ-ALYAT cannot give KZ feedback", async () => {
    const az = await mint('AZ', 'officer', 'AZ-ALYAT', 3600, { sub: 'az-officer' });
    const alert = await call('POST', `${p.nodes.AZ.url}/api/alerts`, {
      token: az,
      headers: { 'idempotency-key': 'fb-1' },
      body: minimalSeizure({ unit: 'AZ-ALYAT' }),
    });
    expect(alert.status).toBe(201);
    await eventually(async () => (await call('GET', `${p.hub.url}/api/alerts/${alert.body.id}`, { token: az })).status === 200, 'the AZ alert on the hub');
    const forged = await mint('KZ', 'officer', 'AZ-ALYAT');
    const r = await call('POST', `${p.nodes.KZ.url}/api/feedback`, {
      token: forged,
      headers: { 'idempotency-key': 'fb-forged' },
      body: { alertId: alert.body.id, outcome: 'nothing-found' },
    });
    expect(r.status).toBe(401);
  });

  describe('the live feed', () => {
    it('ends when its token expires, with a final reauthenticate event, and delivers nothing after', async () => {
      const short = await mint('KZ', 'officer', 'KZ-AKTAU', 3, { sub: 'kz-short-lived' });
      const stream = await openStream(`${p.hub.url}/api/stream`, short);
      try {
        expect(stream.status).toBe(200);
        await eventually(async () => stream.events.some((e) => e.type === 'ready'), 'the ready event');
        const end = await eventually(async () => stream.events.find((e) => e.type === 'reauthenticate'), 'the reauthenticate event', 8_000);
        expect(end.data.reason).toBe('token-expired');
        expect(stream.events[stream.events.length - 1].type).toBe('reauthenticate');
        // A regional alert raised after expiry reaches the hub but not this stream.
        const kz = await token('KZ', 'officer', 'KZ-AKTAU');
        const after = await post(kz, 'after-expiry');
        await eventually(async () => (await call('GET', `${p.hub.url}/api/alerts/${after.body.id}`, { token: kz })).status === 200, 'the new alert on the hub');
        await new Promise((r) => setTimeout(r, 300));
        expect(stream.ids('alert')).not.toContain(after.body.id);
        expect(stream.events[stream.events.length - 1].type).toBe('reauthenticate');
      } finally {
        await stream.close();
      }
      // and the expired token opens no new stream
      expect((await openStream(`${p.hub.url}/api/stream`, short)).status).toBe(401);
    }, 30_000);

    describe('with FEED_MAX_LIFETIME_SECONDS', () => {
      let hub: Configured;
      beforeAll(async () => {
        hub = await hubWith({ FEED_MAX_LIFETIME_SECONDS: '2' });
      }, 60_000);
      afterAll(() => hub?.close());

      it('ends after the maximum lifetime with a reconnect event even while the token is valid', async () => {
        const stream = await openStream(`${hub.url}/api/stream`, await token('KZ', 'officer', 'KZ-AKTAU'));
        try {
          const end = await eventually(async () => stream.events.find((e) => e.type === 'reconnect'), 'the reconnect event', 6_000);
          expect(end.data).toEqual({ reason: 'max-lifetime', maxLifetimeSeconds: 2 });
        } finally {
          await stream.close();
        }
      }, 20_000);
    });
  });
});

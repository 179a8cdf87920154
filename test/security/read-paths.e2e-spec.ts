import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { rowToEvent, TrustStore, verifyLog } from '@cix/event-store';
import { call, eventually, minimalSeizure } from '../support/http.js';
import { startPlatform, token } from '../support/platform.js';
import { openStream } from '../support/sse.js';
import { testKeys } from '../support/test-env.js';

// Threat model of the hub's read paths (issue 10, items 5, 8 and 12): what the owner withdrew
// stays withdrawn, back in time too; every answer that delivers content leaves a trace in the
// signed access log; and nothing outside a caller's scope shows through health, cursors or
// replay headers.

const MISSING = '00000000-0000-4000-8000-000000000000';
const MAX_PENDING = 5;
const az = (overrides: Record<string, unknown>) => minimalSeizure({ unit: 'AZ-ALYAT', ...overrides });

describe('hub read paths', () => {
  let p: Awaited<ReturnType<typeof startPlatform>>;
  const t = {} as Record<'kz' | 'az' | 'tm' | 'coordinator' | 'kzAuditor' | 'azAuditor' | 'tmAuditor' | 'ccpAuditor', string>;
  const ids = {} as Record<'narrowed' | 'toTm' | 'hrc', string>;
  let kzStream: Awaited<ReturnType<typeof openStream>>;
  let beforeNarrowing = '';
  const hub = (path: string, tok?: string) => call('GET', `${p.hub.url}${path}`, tok ? { token: tok } : {});
  const accessLog = async (tok: string, alert: string) =>
    (await hub(`/api/audit/access-log?alert=${alert}&limit=500`, tok)).body.items as Array<Record<string, any>>;

  beforeAll(async () => {
    // A low bound, so the fail-closed test reaches it with a few reads (normal writes never queue that many).
    p = await startPlatform(['AZ', 'KZ', 'TM'], { HUB_ACCESS_LOG_MAX_PENDING: String(MAX_PENDING) });
    [t.kz, t.az, t.tm, t.coordinator, t.kzAuditor, t.azAuditor, t.tmAuditor, t.ccpAuditor] = await Promise.all([
      token('KZ', 'officer', 'KZ-AKTAU', 'kz-officer'),
      token('AZ', 'officer', 'AZ-ALYAT', 'az-officer'),
      token('TM', 'officer', 'TM-TURKMENBASHI', 'tm-officer'),
      token('CCP', 'coordinator', undefined, 'coordinator'),
      token('KZ', 'auditor', undefined, 'kz-auditor'),
      token('AZ', 'auditor', undefined, 'az-auditor'),
      token('TM', 'auditor', undefined, 'tm-auditor'),
      token('CCP', 'auditor', undefined, 'ccp-auditor'),
    ]);
    kzStream = await openStream(`${p.hub.url}/api/stream`, t.kz);
    const raise = async (body: unknown) => {
      const r = await call('POST', `${p.nodes.AZ.url}/api/alerts`, { token: t.az, body });
      expect(r.status).toBe(201);
      return r.body.id as string;
    };
    ids.narrowed = await raise(az({ commodity: { category: 'drugs', description: 'readpaths-narrowed opium in spare tyres' } }));
    ids.toTm = await raise(
      az({ commodity: { category: 'drugs', description: 'readpaths-totm hashish' }, distribution: { level: 'bilateral', recipients: ['TM'] } }),
    );
    ids.hrc = await raise(
      az({ kind: 'high-risk-consignment', quantity: undefined, commodity: { category: 'cash', description: 'readpaths-hrc undeclared cash' } }),
    );
    await eventually(async () => (await hub(`/api/alerts/${ids.narrowed}`, t.kz)).status === 200, 'regional alert on the hub');
    await eventually(async () => (await hub(`/api/alerts/${ids.toTm}`, t.tm)).status === 200, 'bilateral alert on the hub');
    await eventually(async () => (await hub(`/api/alerts/${ids.hrc}`, t.kz)).status === 200, 'high-risk alert on the hub');
    await eventually(async () => kzStream.ids('alert').includes(ids.narrowed), 'the feed delivered the regional alert to KZ');

    // While it is regional, KZ reads it every way there is; AZ and TM read the bilateral one.
    expect((await hub(`/api/alerts/${ids.narrowed}`, t.kz)).status).toBe(200);
    expect((await hub('/api/alerts?agency=AZ', t.kz)).body.items.map((i: { id: string }) => i.id)).toContain(ids.narrowed);
    expect((await hub('/api/alerts?q=readpaths-narrowed', t.kz)).body.items.map((i: { id: string }) => i.id)).toEqual([ids.narrowed]);
    expect((await hub('/api/feedback/awaiting', t.kz)).body.items.map((i: { id: string }) => i.id)).toContain(ids.hrc);
    expect((await hub(`/api/alerts/${ids.toTm}`, t.az)).status).toBe(200);
    expect((await hub(`/api/alerts/${ids.toTm}`, t.tm)).status).toBe(200);

    await new Promise((r) => setTimeout(r, 20));
    beforeNarrowing = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    const narrow = await call('POST', `${p.nodes.AZ.url}/api/alerts/${ids.narrowed}/distribution`, {
      token: t.az,
      body: { expectedVersion: 1, level: 'bilateral', recipients: ['TM'] },
    });
    expect(narrow.status).toBe(200);
    await eventually(async () => (await hub(`/api/alerts/${ids.narrowed}`, t.kz)).status === 404, 'narrowing applied on the hub');
  }, 120_000);

  afterAll(async () => {
    await kzStream?.close();
    await p?.close();
  });

  describe('item 5: narrowing withdraws from time travel too', () => {
    it('an agency the owner narrowed away gets the same 404 for the alert as it was before, as for an id that never existed', async () => {
      const missing = await hub(`/api/alerts/${MISSING}?asOf=${beforeNarrowing}`, t.kz);
      expect(missing.status).toBe(404);
      for (const tok of [t.kz, t.coordinator]) {
        const then = await hub(`/api/alerts/${ids.narrowed}?asOf=${beforeNarrowing}`, tok);
        expect(then.status).toBe(404);
        expect(then.body).toEqual(missing.body);
        expect(JSON.stringify(then.body)).not.toContain('opium');
      }
    });

    it('a caller who may see it then and now still travels back in time', async () => {
      const then = await hub(`/api/alerts/${ids.narrowed}?asOf=${beforeNarrowing}`, t.tm);
      expect(then.status).toBe(200);
      expect(then.body).toMatchObject({
        version: 1,
        distribution: { level: 'regional' },
        commodity: { description: 'readpaths-narrowed opium in spare tyres' },
      });
      expect((await hub(`/api/alerts/${ids.narrowed}?asOf=${beforeNarrowing}`, t.az)).status).toBe(200); // the owner
    });

    it("the auditor of the agency that lost access sees when it could see the alert and its people's reads, never the content", async () => {
      const r = await hub(`/api/audit/alerts/${ids.narrowed}/exposure`, t.kzAuditor);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ alertId: ids.narrowed, agency: 'KZ' });
      expect(r.body.periods).toHaveLength(1);
      expect(Date.parse(r.body.periods[0].from)).toBeLessThan(Date.parse(beforeNarrowing));
      expect(Date.parse(r.body.periods[0].to)).toBeGreaterThan(Date.parse(beforeNarrowing));
      const actions = r.body.reads.map((x: { sub: string; action: string }) => `${x.sub}:${x.action}`);
      expect(actions).toEqual(
        expect.arrayContaining(['kz-officer:alert.read', 'kz-officer:alert.list', 'kz-officer:alert.search', 'kz-officer:stream.delivery']),
      );
      expect(JSON.stringify(r.body)).not.toContain('opium');
      // Its content stays out of reach on the auditors' paths as well.
      expect((await hub(`/api/audit/alerts/${ids.narrowed}/timeline`, t.kzAuditor)).status).toBe(404);
    });

    it('an alert the agency never could see answers like one that does not exist', async () => {
      const missing = await hub(`/api/audit/alerts/${MISSING}/exposure`, t.kzAuditor);
      const never = await hub(`/api/audit/alerts/${ids.toTm}/exposure`, t.kzAuditor);
      expect(missing.status).toBe(404);
      expect([never.status, never.body]).toEqual([404, missing.body]);
      expect((await hub(`/api/audit/alerts/${ids.narrowed}/exposure`, t.kz)).status).toBe(404); // auditors only
    });
  });

  describe('item 12: side channels', () => {
    it('health without credentials says only up or down, and does not move when an agency writes', async () => {
      const before = await hub('/health');
      const nodeBefore = await call('GET', `${p.nodes.KZ.url}/health`);
      expect(before.status).toBe(200);
      expect(before.body).toEqual({ status: 'ok', database: 'up', nats: 'up' });
      expect(nodeBefore.body).toEqual({ status: 'ok', database: 'up', nats: 'up' });
      const kzPosition = async () =>
        Number((await hub('/health', t.coordinator)).body.checkpoints.find((c: { agency: string }) => c.agency === 'KZ')?.position ?? 0);
      const seen = await kzPosition();
      const r = await call('POST', `${p.nodes.KZ.url}/api/alerts`, { token: t.kz, body: minimalSeizure({ distribution: { level: 'agency' } }) });
      expect(r.status).toBe(201);
      await eventually(async () => (await kzPosition()) > seen, 'the hub received the sealed stub');
      expect((await hub('/health')).body).toEqual(before.body);
      expect((await call('GET', `${p.nodes.KZ.url}/health`)).body).toEqual(nodeBefore.body);
    });

    it("details (positions, lag, stalls, quarantine) only for the programme's coordinator and auditors, and the node's own auditors", async () => {
      for (const tok of [t.coordinator, t.ccpAuditor]) {
        const r = await hub('/health', tok);
        expect(r.body).toMatchObject({ status: 'ok', checkpoints: expect.any(Array), consumers: expect.any(Object), quarantined: expect.any(Number) });
      }
      for (const tok of [t.kz, t.kzAuditor, 'not-a-token'])
        expect(Object.keys((await hub('/health', tok)).body).sort()).toEqual(['database', 'nats', 'status']);
      expect((await call('GET', `${p.nodes.KZ.url}/health`, { token: t.kzAuditor })).body.relay).toMatchObject({ lag: expect.any(Number) });
      expect((await call('GET', `${p.nodes.KZ.url}/health`, { token: t.kz })).body.relay).toBeUndefined();
    });

    it('list cursors are opaque, bound to the caller, and a malformed or forged one is a 400', async () => {
      const first = await hub('/api/alerts?limit=1', t.az);
      expect(first.status).toBe(200);
      const cursor: string = first.body.nextCursor;
      expect(cursor).toBeTruthy();
      expect(cursor).not.toMatch(/^\d+$/);
      const second = await hub(`/api/alerts?limit=1&cursor=${cursor}`, t.az);
      expect(second.status).toBe(200);
      expect(second.body.items[0].id).not.toEqual(first.body.items[0].id);
      const bad = (c: string, tok = t.az) => hub(`/api/alerts?limit=1&cursor=${encodeURIComponent(c)}`, tok);
      const flipped = cursor.slice(0, 20) + (cursor[20] === 'A' ? 'B' : 'A') + cursor.slice(21);
      for (const [c, tok] of [
        ['99999', t.az],
        [flipped, t.az],
        ['%%%', t.az],
        [cursor, t.kz],
      ] as const) {
        const r = await bad(c, tok);
        expect([c, r.status]).toEqual([c, 400]);
        expect(r.body).toMatchObject({ code: 'REQUEST.VALIDATION_FAILED', errors: [expect.objectContaining({ field: 'cursor' })] });
      }
    });

    it("an auditor's replay for an alert outside its scope is the same answer as for an id that does not exist", async () => {
      const replay = async (tok: string, alert: string) => {
        const r = await hub(`/api/audit/events?alert=${alert}`, tok);
        const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body); // a lone header line parses as JSON
        const [header, ...events] = text.trim().split('\n');
        const { exportedAt: _e, filters: _f, ...rest } = JSON.parse(header);
        // Checkpoints are signed at export time, and the hub's own log moves with every read (each
        // replay is itself logged): compare what they say about the agencies' logs, not when.
        const lines = events.map((l) => {
          const { checkpoint: cp, exportClaims: claims } = JSON.parse(l);
          if (claims) {
            const {
              exportedAt: _t,
              filters: _q,
              checkpoints: { HUB: _h, ...heads },
              ...said
            } = claims;
            return `claims ${JSON.stringify({ ...said, heads })}`;
          }
          if (!cp) return l;
          return cp.agency === 'HUB' ? 'checkpoint HUB' : `checkpoint ${cp.agency} ${cp.position} ${cp.hash} ${cp.signature}`;
        });
        return { status: r.status, header: rest, events: lines };
      };
      // toTm was read by AZ and TM people only: outside the scope of KZ's auditor and of the programme's.
      for (const tok of [t.kzAuditor, t.ccpAuditor]) {
        const missing = await replay(tok, MISSING);
        expect(missing.header.expected).toBe(0);
        expect(await replay(tok, ids.toTm)).toEqual(missing);
      }
      // In scope, the same filter gives the alert's history, counted as replayed.
      const own = await replay(t.azAuditor, ids.toTm);
      const ownEvents = own.events.filter((l) => !l.startsWith('checkpoint ') && !l.startsWith('claims '));
      expect(ownEvents.length).toBeGreaterThan(0);
      expect(own.header.expected).toBe(ownEvents.length);
    });
  });

  describe('item 8: every delivery of content is in the access log', () => {
    it('"who saw alert X" finds list, search, feed and awaiting-feedback deliveries, with the ids delivered, one record per request', async () => {
      const items = await accessLog(t.azAuditor, ids.narrowed);
      const byKz = items.filter((i) => i.sub === 'kz-officer');
      expect(byKz.map((i) => i.action)).toEqual(expect.arrayContaining(['alert.read', 'alert.list', 'alert.search', 'stream.delivery']));
      const list = byKz.find((i) => i.action === 'alert.list')!;
      expect(list).toMatchObject({ agency: 'KZ', role: 'officer', alertsOf: 'AZ' });
      expect(list.alertIds).toEqual(expect.arrayContaining([ids.narrowed, ids.hrc])); // one record for the page, not one per alert
      expect(byKz.find((i) => i.action === 'alert.search')).toMatchObject({ alertIds: [ids.narrowed] });
      // What KZ's people asked (filters, search terms) is KZ's: its own auditor sees it, AZ's does not.
      expect(list.details).toBeUndefined();
      const kzOwn = (await accessLog(t.kzAuditor, ids.narrowed)).filter((i) => i.sub === 'kz-officer');
      expect(kzOwn.find((i) => i.action === 'alert.list')).toMatchObject({ details: { agency: 'AZ' } });
      expect(kzOwn.find((i) => i.action === 'alert.search')).toMatchObject({ alertIds: [ids.narrowed], details: { q: 'readpaths-narrowed' } });
      const awaiting = (await accessLog(t.azAuditor, ids.hrc)).filter((i) => i.sub === 'kz-officer' && i.action === 'feedback.awaiting');
      expect(awaiting).toHaveLength(1);
    });

    it('exports (replays) are recorded with the alerts whose content they delivered', async () => {
      expect((await hub('/api/audit/events?agency=AZ', t.azAuditor)).status).toBe(200);
      const items = await accessLog(t.azAuditor, ids.toTm);
      const delivery = items.find((i) => i.sub === 'az-auditor' && i.action === 'audit.events.delivery');
      expect(delivery?.alertIds).toEqual(expect.arrayContaining([ids.narrowed, ids.toTm, ids.hrc]));
    });

    it("each auditor sees the records of its own people and of alerts it may see, never other agencies' reads of other agencies' alerts", async () => {
      // TM's auditor: TM's people's reads, not KZ's reads of AZ's alert.
      const tmView = await accessLog(t.tmAuditor, ids.narrowed);
      expect(tmView.filter((i) => i.sub === 'kz-officer')).toEqual([]);
      // The programme cannot see toTm: it learns of no read of it.
      expect(await accessLog(t.ccpAuditor, ids.toTm)).toEqual([]);
      // A page that held alerts the programme may see and one it may not: it sees only its part of the record.
      const programme = await accessLog(t.ccpAuditor, ids.hrc);
      expect(programme.find((i) => i.sub === 'kz-officer' && i.action === 'alert.list')).toMatchObject({ alertIds: [ids.hrc], partial: true });
      expect(JSON.stringify(programme)).not.toContain(ids.narrowed);
      const byPrincipal = await hub('/api/audit/access-log?principal=tm-officer&limit=500', t.kzAuditor);
      expect(byPrincipal.body.items).toEqual([]);
    });

    it("the records are part of the hub's hash-chained, signed log", async () => {
      const db = new pg.Client({ connectionString: p.hub.databaseUrl });
      await db.connect();
      const rows = (await db.query('SELECT * FROM events ORDER BY global_position')).rows;
      await db.end();
      expect(rows.some((r) => Array.isArray(r.payload.alertIds))).toBe(true);
      const trust = new TrustStore().add('HUB', testKeys.hub.keyId, readFileSync(testKeys.hub.pub));
      const verdict = verifyLog(
        rows.map((r) => {
          const { confidential: _c, ...e } = rowToEvent(r, 'HUB');
          return e;
        }),
        trust,
      );
      expect(verdict).toMatchObject({ intact: true, verified: rows.length });
    });

    // Moved from the adversary review (test/adversary/hub-paths.e2e-spec.ts), assertions kept.
    it("access-log positions do not count another agency's reads of alerts the auditor cannot see", async () => {
      const hidden = await call('POST', `${p.nodes.AZ.url}/api/alerts`, {
        token: t.az,
        body: az({ distribution: { level: 'bilateral', recipients: ['TM'] } }),
      });
      await eventually(async () => (await hub(`/api/alerts/${hidden.body.id}`, t.az)).status === 200, 'hidden alert on the hub');
      const positions = async () =>
        (await call('GET', `${p.hub.url}/api/audit/access-log?limit=500`, { token: t.kzAuditor })).body.items.map(
          (i: { position: number }) => i.position,
        ) as number[];
      const before = Math.max(...(await positions()));
      for (let i = 0; i < 7; i++) expect((await call('GET', `${p.hub.url}/api/alerts/${hidden.body.id}`, { token: t.az })).status).toBe(200);
      const after = (await positions()).filter((x) => x > before);
      // KZ's auditor sees only its own new access-log read; the positions must not reveal AZ's 7 reads in between.
      expect(after.length).toBe(1);
      expect(after[0] - before).toBe(1);
    }, 60_000);

    it("another agency's search terms (e.g. a person's name) are not shown to a third agency's auditor", async () => {
      const kzAlert = await call('POST', `${p.nodes.KZ.url}/api/alerts`, {
        token: t.kz,
        body: minimalSeizure({ commodity: { category: 'drugs', description: 'Sidorovsky brand tea' } }),
      });
      await eventually(async () => (await hub(`/api/alerts/${kzAlert.body.id}`, t.kz)).status === 200, 'KZ alert on the hub');
      const search = await call('GET', `${p.hub.url}/api/alerts?q=Sidorovsky`, { token: t.az });
      expect(search.body.items.map((i: { id: string }) => i.id)).toContain(kzAlert.body.id);
      const log = await call('GET', `${p.hub.url}/api/audit/access-log?alert=${kzAlert.body.id}`, { token: t.kzAuditor });
      const azSearch = log.body.items.find((i: { agency: string; action: string }) => i.agency === 'AZ' && i.action === 'alert.search');
      expect(azSearch).toBeDefined();
      // KZ learns that AZ read its alert (fine); the query AZ typed is AZ's own investigative data.
      expect(JSON.stringify(azSearch)).not.toContain('Sidorovsky');
      expect(azSearch).toMatchObject({ partial: true });
      expect(azSearch.ip).toBeUndefined();
    }, 60_000);

    it('access-log cursors are opaque, bound to the caller, and a malformed or forged one is a 400 naming `cursor`', async () => {
      const first = await hub('/api/audit/access-log?limit=1', t.kzAuditor);
      expect(first.status).toBe(200);
      const cursor: string = first.body.nextCursor;
      expect(cursor).toBeTruthy();
      expect(cursor).not.toMatch(/^\d+$/);
      const second = await hub(`/api/audit/access-log?limit=1&cursor=${cursor}`, t.kzAuditor);
      expect(second.status).toBe(200);
      expect(second.body.items[0].position).toBeLessThan(first.body.items[0].position);
      const flipped = cursor.slice(0, 20) + (cursor[20] === 'A' ? 'B' : 'A') + cursor.slice(21);
      for (const [c, tok] of [
        ['99999', t.kzAuditor],
        [String(first.body.items[0].position), t.kzAuditor],
        [flipped, t.kzAuditor],
        ['%%%', t.kzAuditor],
        [cursor, t.azAuditor],
      ] as const) {
        const r = await hub(`/api/audit/access-log?limit=1&cursor=${encodeURIComponent(c)}`, tok);
        expect([c, r.status]).toEqual([c, 400]);
        expect(r.body).toMatchObject({ code: 'REQUEST.VALIDATION_FAILED', errors: [expect.objectContaining({ field: 'cursor' })] });
      }
    });

    it('fails closed: while the log refuses writes and records pile up past the bound, content reads answer 503 (retryable); nothing queued is lost', async () => {
      const db = new pg.Client({ connectionString: p.hub.databaseUrl });
      await db.connect();
      const officer = await token('KZ', 'officer', 'KZ-AKTAU', 'kz-fail-closed');
      const list = () => hub('/api/alerts?agency=AZ', officer);
      let served = 0;
      try {
        await db.query(
          `CREATE FUNCTION refuse_access_records() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'access log refused by the test'; END $$`,
        );
        await db.query(
          `CREATE TRIGGER refuse_access_records BEFORE INSERT ON events FOR EACH ROW WHEN (NEW.type = 'AccessRecorded') EXECUTE FUNCTION refuse_access_records()`,
        );
        let refused: Awaited<ReturnType<typeof list>> | undefined;
        for (let i = 0; i < 10 * MAX_PENDING && !refused; i++) {
          const r = await list();
          if (r.status === 503) refused = r;
          else {
            expect(r.status).toBe(200);
            expect(r.body.items.length).toBeGreaterThan(0);
            served++;
          }
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        expect(refused?.body).toMatchObject({ code: 'ACCESS_LOG.UNAVAILABLE' });
        expect(refused?.headers.get('retry-after')).toBeTruthy();
        expect(served).toBeGreaterThanOrEqual(1);
        expect(served).toBeLessThanOrEqual(MAX_PENDING);
        // Every other path that delivers content is refused as well, detail reads (written before answering) included.
        for (const path of ['/api/alerts?q=readpaths-hrc', `/api/alerts/${ids.hrc}`, '/api/feedback/awaiting']) {
          const r = await hub(path, officer);
          expect([path, r.status, r.body.code]).toEqual([path, 503, 'ACCESS_LOG.UNAVAILABLE']);
        }
        expect((await hub('/api/audit/events?agency=AZ', t.kzAuditor)).status).toBe(503);
      } finally {
        await db.query('DROP TRIGGER IF EXISTS refuse_access_records ON events');
        await db.query('DROP FUNCTION IF EXISTS refuse_access_records()');
        await db.end();
      }
      // Once the log takes writes again (the queue is retried), reads are answered again…
      await eventually(async () => (await list()).status === 200, 'reads answered again');
      served++;
      // …and every answer that was delivered is in the log: none of the queued records was dropped.
      const log = await hub('/api/audit/access-log?principal=kz-fail-closed&limit=500', t.kzAuditor);
      expect(log.body.items.filter((i: { action: string }) => i.action === 'alert.list')).toHaveLength(served);
    }, 60_000);

    it('deliveries still queued when the hub shuts down are written before it stops', async () => {
      const page = await hub('/api/alerts?q=readpaths-totm', t.tm);
      expect(page.body.items.map((i: { id: string }) => i.id)).toEqual([ids.toTm]);
      await kzStream.close(); // an open feed would hold the server open
      await p.hub.app.close(); // at once: well inside the batching interval
      Object.assign(p.hub.app, { close: async () => undefined }); // closed here: afterAll must not close it twice
      const db = new pg.Client({ connectionString: p.hub.databaseUrl });
      await db.connect();
      const rows = (await db.query(`SELECT payload FROM events WHERE payload->>'sub' = 'tm-officer' AND payload->>'action' = 'alert.search'`)).rows;
      await db.end();
      expect(rows.map((r) => r.payload.alertIds)).toEqual([[ids.toTm]]);
    });
  });
});

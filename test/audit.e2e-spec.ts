import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { rowToEvent, TrustStore, verifyLog, verifyReplay } from '@cix/event-store';
import { call, eventually, minimalSeizure, replayedEvents } from './support/http.js';
import { startPlatform, token } from './support/platform.js';
import { testKeys, tmpRoot } from './support/test-env.js';

const run = promisify(execFile);
const trust = () => {
  const t = new TrustStore();
  for (const [a, k] of Object.entries(testKeys.nodes)) t.add(a, k.keyId, readFileSync(k.pub));
  return t.add('HUB', testKeys.hub.keyId, readFileSync(testKeys.hub.pub));
};
const trustSpec = Object.entries(testKeys.nodes)
  .map(([a, k]) => `${a}:${k.keyId}=${k.pub}`)
  .join(',');
async function* linesOf(text: string) {
  for (const l of text.split('\n')) if (l) yield l;
}
const cli = (...args: string[]) =>
  run(process.execPath, ['dist/apps/cli/src/main.js', ...args]).then(
    (r) => ({ code: 0, out: r.stdout }),
    (e) => ({ code: e.code as number, out: String(e.stdout) }),
  );

describe('auditors: replay, verify, time travel, timeline, access log', () => {
  let p: Awaited<ReturnType<typeof startPlatform>>;
  let kz: string, az: string, tm: string, kzAuditor: string, ccpAuditor: string;
  const ids: Record<string, string> = {};
  let beforeNarrowing = '';

  beforeAll(async () => {
    await run(process.execPath, ['scripts/build.mjs', '--quiet']);
    p = await startPlatform(['AZ', 'KZ', 'TM']);
    [kz, az, tm, kzAuditor, ccpAuditor] = await Promise.all([
      token('KZ', 'officer', 'KZ-AKTAU', 'aigerim'),
      token('AZ', 'officer', 'AZ-ALYAT', 'rashad'),
      token('TM', 'officer', 'TM-TURKMENBASHI'),
      token('KZ', 'auditor', undefined, 'kz-inspector'),
      token('CCP', 'auditor', undefined, 'ccp-oversight'),
    ]);
    const post = async (name: string, body: unknown) => {
      ids[name] = (await call('POST', `${p.nodes.KZ.url}/api/alerts`, { token: kz, body })).body.id;
    };
    await post('a', minimalSeizure({ distribution: { level: 'regional' } }));
    await post('b', minimalSeizure({ kind: 'high-risk-consignment', quantity: undefined, distribution: { level: 'bilateral', recipients: ['AZ'] } }));
    await post('c', minimalSeizure({ distribution: { level: 'agency' } }));
    await call('POST', `${p.nodes.KZ.url}/api/alerts/${ids.a}/amendments`, {
      token: kz,
      body: { expectedVersion: 1, changes: { quantity: { value: 20, unit: 'kg' } } },
    });
    await eventually(async () => (await call('GET', `${p.hub.url}/api/alerts/${ids.a}`, { token: az })).body?.version === 2, 'amendment on the hub');
    await new Promise((r) => setTimeout(r, 20));
    beforeNarrowing = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    await call('POST', `${p.nodes.KZ.url}/api/alerts/${ids.a}/distribution`, {
      token: kz,
      body: { expectedVersion: 2, level: 'bilateral', recipients: ['TM'] },
    });
    await eventually(async () => (await call('GET', `${p.hub.url}/api/alerts/${ids.b}`, { token: az })).status === 200, 'b on the hub');
    expect((await call('POST', `${p.nodes.AZ.url}/api/feedback`, { token: az, body: { alertId: ids.b, outcome: 'nothing-found' } })).status).toBe(201);
    await eventually(async () => (await call('GET', `${p.hub.url}/api/alerts/${ids.b}`, { token: kz })).body?.feedback?.length === 1, 'feedback on the hub');
    await eventually(async () => (await call('GET', `${p.hub.url}/api/alerts/${ids.a}`, { token: az })).status === 404, 'narrowing on the hub');
  }, 120_000);
  afterAll(() => p?.close());

  it("replays KZ's whole history from the hub and from the node; both verify intact and agree", async () => {
    const fromHub = await call('GET', `${p.hub.url}/api/audit/events`, { token: kzAuditor });
    expect(fromHub.status).toBe(200);
    expect(fromHub.headers.get('content-type')).toContain('application/x-ndjson');
    const hubLines = (fromHub.body as string).trim().split('\n');
    expect(JSON.parse(hubLines[0])).toMatchObject({ kind: 'cix-replay', agencies: ['KZ', 'HUB'], complete: true });
    const verdict = await verifyReplay(linesOf(fromHub.body), trust());
    expect(verdict).toMatchObject({ intact: true, perAgency: { KZ: 5 } });
    // The access log is part of it, and verifies with the hub's key: it already holds this very export.
    expect(verdict.perAgency.HUB).toBeGreaterThan(0);
    const kzHashes = hubLines
      .slice(1)
      .map((l) => JSON.parse(l))
      .filter((e) => e.agency === 'KZ')
      .map((e) => e.hash);
    const fromNode = await call('GET', `${p.nodes.KZ.url}/api/audit/events`, { token: kzAuditor });
    expect(replayedEvents(fromNode.body).map((e) => e.hash)).toStrictEqual(kzHashes);
    expect(await verifyReplay(linesOf(fromNode.body), trust())).toMatchObject({ intact: true, verified: 5 });
  });

  it("the programme's auditor replays every agency, with out-of-scope content sealed, and the chains still verify", async () => {
    const r = await call('GET', `${p.hub.url}/api/audit/events`, { token: ccpAuditor });
    const events = replayedEvents(r.body);
    expect(new Set(events.map((e) => e.agency))).toEqual(new Set(['AZ', 'KZ', 'HUB']));
    const ofB = events.filter((e) => e.streamId === `alert-${ids.b}` || e.payload?.alert?.alertId === ids.b);
    expect(ofB).toEqual([]); // bilateral to AZ only: replayed sealed
    expect(JSON.stringify(events)).not.toContain(ids.b);
    expect((await verifyReplay(linesOf(r.body), trust())).intact).toBe(true);
  });

  it('refuses replay and audit reads to non-auditors as if they did not exist', async () => {
    for (const path2 of ['/api/audit/events', '/api/audit/access-log', `/api/audit/alerts/${ids.a}/timeline`]) {
      expect((await call('GET', `${p.hub.url}${path2}`, { token: az })).status).toBe(404);
    }
    expect((await call('GET', `${p.nodes.KZ.url}/api/audit/events`, { token: kz })).status).toBe(404);
  });

  it('cix replay and cix verify: intact exits 0; a changed payload, a deleted event, swapped events and a forged signature exit 1 naming the first broken event', async () => {
    const file = path.join(tmpRoot, 'kz-history.ndjson');
    const replay = await cli('replay', '--url', p.hub.url, '--token', kzAuditor, '--agency', 'KZ', '--out', file);
    expect(replay).toMatchObject({ code: 0, out: expect.stringContaining('replayed 5 events') });
    // The hub signed the export's scope and completeness: its key is needed to verify a hub export.
    const withHub = `${trustSpec},HUB:${testKeys.hub.keyId}=${testKeys.hub.pub}`;
    expect(await cli('verify', file, '--trust', withHub)).toMatchObject({ code: 0, out: expect.stringContaining('verified 5 events (KZ 5), chain intact') });
    const live = await cli('verify', '--url', p.hub.url, '--token', kzAuditor, '--trust', withHub);
    expect(live.code).toBe(0);
    expect(live.out).toMatch(/KZ 5, HUB \d+\), chain intact/);

    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const tamper = async (name: string, change: (l: string[]) => string[]) => {
      const f = path.join(tmpRoot, `kz-${name}.ndjson`);
      writeFileSync(f, change([...lines]).join('\n') + '\n');
      return cli('verify', f, '--trust', withHub, '--json');
    };
    const changed = await tamper('changed', (l) => {
      const e = JSON.parse(l[2]);
      e.payload.content.commodity.description = 'flour';
      l[2] = JSON.stringify(e);
      return l;
    });
    expect(changed.code).toBe(1);
    expect(JSON.parse(changed.out).broken).toMatchObject({ position: 2, reason: 'hash-mismatch' });
    const deleted = await tamper('deleted', (l) => {
      l.splice(2, 1);
      return l;
    });
    expect(JSON.parse(deleted.out).broken).toMatchObject({ position: 3, reason: 'position-gap' });
    const swapped = await tamper('swapped', (l) => {
      [l[2], l[3]] = [l[3], l[2]];
      return l;
    });
    expect(JSON.parse(swapped.out).broken).toMatchObject({ position: 3, reason: 'position-gap' });
    const forged = await tamper('forged', (l) => {
      const e = JSON.parse(l[4]);
      e.signature = Buffer.alloc(64, 7).toString('base64');
      l[4] = JSON.stringify(e);
      return l;
    });
    expect(JSON.parse(forged.out).broken).toMatchObject({ position: 4, reason: 'bad-signature' });
  }, 60_000);

  it('time travel: an alert as the caller saw it then, only while the owner still lets them see it; 404 before it existed', async () => {
    const then = await call('GET', `${p.hub.url}/api/alerts/${ids.a}?asOf=${beforeNarrowing}`, { token: tm });
    expect(then.status).toBe(200);
    expect(then.body).toMatchObject({ version: 2, quantity: { value: 20 }, distribution: { level: 'regional' } });
    expect((await call('GET', `${p.hub.url}/api/alerts/${ids.a}`, { token: tm })).status).toBe(200);
    expect((await call('GET', `${p.hub.url}/api/alerts/${ids.a}?asOf=2020-01-01T00:00:00Z`, { token: tm })).status).toBe(404);
    // AZ and the coordinator saw it while it was regional; the narrowing withdrew it from them, back in time too.
    const coordinator = await token('CCP', 'coordinator');
    for (const t of [az, coordinator]) {
      expect((await call('GET', `${p.hub.url}/api/alerts/${ids.a}?asOf=${beforeNarrowing}`, { token: t })).status).toBe(404);
      expect((await call('GET', `${p.hub.url}/api/alerts/${ids.a}`, { token: t })).status).toBe(404);
    }
  });

  it('the timeline lists every change with who made it and when, distribution changes included', async () => {
    const r = await call('GET', `${p.hub.url}/api/audit/alerts/${ids.a}/timeline`, { token: kzAuditor });
    expect(r.status).toBe(200);
    expect(r.body.items.map((i: { type: string; actor: { sub: string } }) => [i.type, i.actor.sub])).toEqual([
      ['AlertRaised', 'aigerim'],
      ['AlertAmended', 'aigerim'],
      ['AlertDistributionChanged', 'aigerim'],
    ]);
    expect(r.body.items[2].payload).toMatchObject({ distribution: { level: 'bilateral', recipients: ['TM'] }, previous: { level: 'regional' } });
    const azAuditor = await token('AZ', 'auditor');
    expect((await call('GET', `${p.hub.url}/api/audit/alerts/${ids.a}/timeline`, { token: azAuditor })).status).toBe(404);
  });

  it('the access log records reads, exports and its own reading, and is itself a verifiable signed chain', async () => {
    await call('GET', `${p.hub.url}/api/alerts/${ids.b}`, { token: az });
    const log = await call('GET', `${p.hub.url}/api/audit/access-log?alert=${ids.b}`, { token: kzAuditor });
    expect(log.status).toBe(200);
    expect(log.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ sub: 'rashad', agency: 'AZ', action: 'alert.read', alertId: ids.b })]));
    const again = await call('GET', `${p.hub.url}/api/audit/access-log?principal=kz-inspector`, { token: kzAuditor });
    const actions = again.body.items.map((i: { action: string }) => i.action);
    expect(actions).toEqual(expect.arrayContaining(['audit.access-log.read', 'audit.events.export', 'audit.timeline.read']));
    // A national auditor does not see who in another agency read another agency's alerts.
    const azAuditor = await token('AZ', 'auditor');
    const azView = await call('GET', `${p.hub.url}/api/audit/access-log?principal=kz-inspector`, { token: azAuditor });
    expect(azView.body.items).toEqual([]);
    // The programme's auditor never learns of reads of alerts the programme may not see.
    const programme = await call('GET', `${p.hub.url}/api/audit/access-log?alert=${ids.b}`, { token: ccpAuditor });
    expect(programme.body.items).toEqual([]);

    const db = new pg.Client({ connectionString: p.hub.databaseUrl });
    await db.connect();
    const rows = (await db.query('SELECT * FROM events ORDER BY global_position')).rows;
    await db.end();
    expect(rows.length).toBeGreaterThan(5);
    const verdict = verifyLog(
      rows.map((r) => {
        const { confidential: _c, ...e } = rowToEvent(r, 'HUB');
        return e;
      }),
      trust(),
    );
    expect(verdict).toMatchObject({ intact: true, verified: rows.length });
  });
});

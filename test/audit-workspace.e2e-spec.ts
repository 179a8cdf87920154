import { execFile } from 'node:child_process';
import { createHash, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { keyFingerprint, TrustStore, verifyReplay } from '@cix/event-store';
import { call, eventually, minimalSeizure } from './support/http.js';
import { startPlatform, token } from './support/platform.js';
import { testKeys, tmpRoot } from './support/test-env.js';

// Issue 12 (auditors), contract C7: the timeline's before/after, the regional view as of any moment
// for any principal, quarantine, published keys, access-log filters and the filed report.
const run = promisify(execFile);
const trust = () => {
  const t = new TrustStore();
  for (const [a, k] of Object.entries(testKeys.nodes)) t.add(a, k.keyId, readFileSync(k.pub));
  return t.add('HUB', testKeys.hub.keyId, readFileSync(testKeys.hub.pub));
};
const trustSpec = [...Object.entries(testKeys.nodes).map(([a, k]) => `${a}:${k.keyId}=${k.pub}`), `HUB:${testKeys.hub.keyId}=${testKeys.hub.pub}`].join(',');
async function* linesOf(text: string) {
  for (const l of text.split('\n')) if (l) yield l;
}
const cli = (...args: string[]) =>
  run(process.execPath, ['dist/apps/cli/src/main.js', ...args]).then(
    (r) => ({ code: 0, out: r.stdout }),
    (e) => ({ code: e.code as number, out: `${String(e.stdout)}${String(e.stderr)}` }),
  );
const pause = () => new Promise((r) => setTimeout(r, 30));

async function pdfText(bytes: Uint8Array): Promise<string> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const pdf = await getDocument({ data: bytes, useSystemFonts: false }).promise;
  const out: string[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const content = await (await pdf.getPage(i)).getTextContent();
    out.push(content.items.map((it) => ('str' in it ? it.str + (it.hasEOL ? '\n' : '') : '')).join(''));
  }
  return out.join('\n');
}

describe('the auditors’ workspace API (C7)', () => {
  let p: Awaited<ReturnType<typeof startPlatform>>;
  let kz: string, az: string;
  const auditors: Record<string, string> = {};
  let x = '';
  let y = '';
  const at: Record<string, string> = {};

  const step = async (name: string, ok: () => Promise<boolean>) => {
    await eventually(async () => (await ok()) || null, name);
    await pause();
    at[name] = new Date().toISOString();
    await pause();
  };
  const hubAs = (t: string, id: string) => call('GET', `${p.hub.url}/api/alerts/${id}`, { token: t });
  const node = async (path2: string, body: unknown) => {
    const r = await call('POST', `${p.nodes.KZ.url}/api/alerts${path2}`, { token: kz, body });
    expect([path2, r.status]).toEqual([path2, path2 ? 200 : 201]);
    return r;
  };
  const asOf = (who: string, principal: string, when: string, extra = '') =>
    call('GET', `${p.hub.url}/api/audit/as-of/alerts?principal=${principal}&at=${encodeURIComponent(when)}&agency=KZ${extra}`, { token: auditors[who] });

  beforeAll(async () => {
    await run(process.execPath, ['scripts/build.mjs', '--quiet']);
    p = await startPlatform(['AZ', 'KZ', 'TM']);
    [kz, az] = await Promise.all([token('KZ', 'officer', 'KZ-AKTAU', 'aigerim'), token('AZ', 'officer', 'AZ-ALYAT', 'rashad')]);
    for (const a of ['AZ', 'KZ', 'TM', 'CCP']) auditors[a] = await token(a, 'auditor', undefined, `${a.toLowerCase()}-inspector`);
    at.start = new Date().toISOString();
    await pause();
    x = (await node('', minimalSeizure())).body.id;
    await step('raised', async () => (await hubAs(az, x)).status === 200);
    await node(`/${x}/amendments`, { expectedVersion: 1, changes: { quantity: { value: 20, unit: 'kg' } } });
    await step('amended', async () => (await hubAs(az, x)).body?.version === 2);
    await node(`/${x}/amendments`, { expectedVersion: 2, changes: { quantity: { value: 25, unit: 'kg' }, billOfLading: 'MSKU-BL-77' } });
    await step('amendedAgain', async () => (await hubAs(az, x)).body?.version === 3);
    await node(`/${x}/distribution`, { expectedVersion: 3, level: 'bilateral', recipients: ['TM'] });
    await step('narrowed', async () => (await hubAs(az, x)).status === 404);
    await node(`/${x}/distribution`, { expectedVersion: 4, level: 'regional' });
    await step('widened', async () => (await hubAs(az, x)).status === 200);
    // y: seen by everyone while regional, then narrowed to TM for good.
    y = (await node('', minimalSeizure({ containers: ['MSKU1234565'], quantity: { value: 3, unit: 'kg' } }))).body.id;
    await step('yRaised', async () => (await hubAs(az, y)).status === 200);
    await node(`/${y}/distribution`, { expectedVersion: 1, level: 'bilateral', recipients: ['TM'] });
    await step('yNarrowed', async () => (await hubAs(az, y)).status === 404);
  }, 180_000);
  afterAll(() => p?.close());

  it('the timeline gives before → after of each amendment, who gained and lost access, actor, node and hub times', async () => {
    const r = await call('GET', `${p.hub.url}/api/audit/alerts/${x}/timeline`, { token: auditors.KZ });
    expect(r.status).toBe(200);
    const items = r.body.items;
    expect(items.map((i: { type: string }) => i.type)).toEqual([
      'AlertRaised',
      'AlertAmended',
      'AlertAmended',
      'AlertDistributionChanged',
      'AlertDistributionChanged',
    ]);
    expect(items[1]).toMatchObject({ version: 2, before: { quantity: { value: 12.5 } }, after: { quantity: { value: 20 } } });
    expect(Object.keys(items[1].after)).toEqual(['quantity']);
    expect(items[2].before).toEqual({ quantity: { value: 20, unit: 'kg' }, billOfLading: null });
    expect(items[2].after).toEqual({ quantity: { value: 25, unit: 'kg' }, billOfLading: 'MSKU-BL-77' });
    expect(items[3]).toMatchObject({ gained: [], lost: ['AZ', 'CCP'], after: { distribution: { level: 'bilateral', recipients: ['TM'] } } });
    expect(items[4]).toMatchObject({ gained: ['AZ', 'CCP'], lost: [] });
    expect(items[0].actor).toEqual({ sub: 'aigerim', unit: 'KZ-AKTAU', agency: 'KZ', role: 'officer' });
    for (const i of items) expect(Date.parse(i.receivedAt)).toBeGreaterThanOrEqual(Date.parse(i.recordedAt));
    // The programme's auditor sees what changed and which unit did it, not who in KZ.
    const programme = await call('GET', `${p.hub.url}/api/audit/alerts/${x}/timeline`, { token: auditors.CCP });
    expect(programme.body.items[1].actor).toEqual({ unit: 'KZ-AKTAU', agency: 'KZ', role: 'officer' });
    expect(programme.body.items[1].after).toEqual({ quantity: { value: 20, unit: 'kg' } });
  });

  it('as of each step, each agency’s officers and the programme saw exactly what was shared with them then', async () => {
    const quantityOf = async (who: string, principal: string, when: string) => {
      const r = await asOf(who, principal, when);
      expect(r.status).toBe(200);
      const item = r.body.items.find((i: { id?: string }) => i.id === x);
      // Before y existed, a stub can only stand for x.
      if (!item && r.body.items.some((i: { sealed?: boolean }) => i.sealed)) return 'sealed';
      return item ? (item.withdrawn ? 'withdrawn' : item.quantity.value) : 'absent';
    };
    const expected: Record<string, Record<string, number | string>> = {
      start: { AZ: 'absent', KZ: 'absent', TM: 'absent', CCP: 'absent' },
      raised: { AZ: 12.5, KZ: 12.5, TM: 12.5, CCP: 12.5 },
      amended: { AZ: 20, KZ: 20, TM: 20, CCP: 20 },
      amendedAgain: { AZ: 25, KZ: 25, TM: 25, CCP: 25 },
      narrowed: { AZ: 'absent', KZ: 25, TM: 25, CCP: 'absent' },
      widened: { AZ: 25, KZ: 25, TM: 25, CCP: 25 },
    };
    for (const [moment, byPrincipal] of Object.entries(expected)) {
      for (const [principal, want] of Object.entries(byPrincipal)) {
        // Through the programme's auditor, and through the principal's own auditor (the programme has no national view of its own).
        // While narrowed to TM, the programme may not see it: its auditor looking through KZ's or TM's eyes gets a stub.
        const viaProgramme = moment === 'narrowed' && (principal === 'KZ' || principal === 'TM') ? 'sealed' : want;
        expect([moment, principal, await quantityOf('CCP', principal, at[moment])]).toEqual([moment, principal, viaProgramme]);
        if (principal !== 'CCP') expect([moment, principal, await quantityOf(principal, principal, at[moment])]).toEqual([moment, principal, want]);
      }
    }
    const narrowed = await asOf('TM', 'TM', at.narrowed);
    expect(narrowed.body.items.find((i: { id: string }) => i.id === x)).toMatchObject({ version: 4, distribution: { level: 'bilateral', recipients: ['TM'] } });
  });

  it('time travel never reopens what the owner withdrew; the programme’s auditor gets a stub without id for what the programme was not shown', async () => {
    // y was regional at yRaised, narrowed to TM since.
    const azThen = await asOf('AZ', 'AZ', at.yRaised);
    expect(azThen.body.items.find((i: { id: string }) => i.id === y)).toEqual({ id: y, agency: 'KZ', withdrawn: true });
    const ccpAsAz = await asOf('CCP', 'AZ', at.yRaised);
    expect(JSON.stringify(ccpAsAz.body)).not.toContain(y);
    expect(ccpAsAz.body.items).toContainEqual({ agency: 'KZ', sealed: true });
    const ccpAsTm = await asOf('CCP', 'TM', at.yNarrowed);
    expect(JSON.stringify(ccpAsTm.body)).not.toContain(y);
    // A content filter leaves stubs and withdrawn alerts out: a match would say something of their content.
    const filtered = await asOf('AZ', 'AZ', at.yRaised, '&container=MSKU1234565');
    expect(filtered.body.items).toEqual([]);
    const tmFiltered = await asOf('TM', 'TM', at.yNarrowed, '&container=MSKU1234565');
    expect(tmFiltered.body.items.map((i: { id: string }) => i.id)).toEqual([y]);
  });

  it('refuses as-of views outside the auditor’s scope, and to non-auditors, like what does not exist', async () => {
    expect((await asOf('KZ', 'AZ', at.raised)).status).toBe(404);
    expect((await call('GET', `${p.hub.url}/api/audit/as-of/alerts?principal=KZ&at=${at.raised}`, { token: kz })).status).toBe(404);
    const bad = await call('GET', `${p.hub.url}/api/audit/as-of/alerts?principal=CCP&role=officer&at=${at.raised}`, { token: auditors.CCP });
    expect(bad.status).toBe(400);
    const paged = await asOf('KZ', 'KZ', at.yNarrowed, '&limit=1');
    expect(paged.body.items.map((i: { id: string }) => i.id)).toEqual([y]);
    const next = await call('GET', `${p.hub.url}/api/audit/as-of/alerts?principal=KZ&at=${at.yNarrowed}&agency=KZ&limit=1&cursor=${paged.body.nextCursor}`, {
      token: auditors.KZ,
    });
    expect(next.body.items.map((i: { id: string }) => i.id)).toEqual([x]);
  });

  it('seizure trends as of a moment, with what the auditor may not be shown counted as withheld', async () => {
    const trends = (who: string, principal: string, when: string) =>
      call('GET', `${p.hub.url}/api/audit/as-of/trends/seizures?principal=${principal}&at=${encodeURIComponent(when)}&groupBy=commodity`, {
        token: auditors[who],
      });
    expect((await trends('KZ', 'KZ', at.amended)).body).toMatchObject({ rows: [{ key: 'drugs', count: 1, quantity: { kg: 20 } }], withheld: 0 });
    expect((await trends('CCP', 'AZ', at.narrowed)).body.rows).toEqual([]);
    expect((await trends('CCP', 'CCP', at.widened)).body.rows).toEqual([{ key: 'drugs', count: 1, quantity: { kg: 25, litres: 0, pieces: 0, containers: 0 } }]);
    const tm = (await trends('CCP', 'TM', at.yNarrowed)).body;
    expect(tm).toMatchObject({ rows: [{ key: 'drugs', count: 1 }], withheld: 1 });
  });

  it('quarantine: refused messages with agency, position, reason, subject, time; national auditors their own agency’s; paged', async () => {
    const db = new pg.Client({ connectionString: p.hub.databaseUrl });
    await db.connect();
    const raw = JSON.stringify({ eventId: '11111111-1111-4111-8111-111111111111', type: 'AlertRaised', payload: { secret: 'content' } });
    await db.query(
      `INSERT INTO hub_quarantine (agency, subject, stream_sequence, reason, raw) VALUES ('TM', 'projection', 7, 'bad-signature', $1), ('KZ', 'projection', 9, 'chain-broken', 'x'), ('KZ', 'ccp.events.KZ.x', 10, 'malformed', '{')`,
      [raw],
    );
    await db.end();
    const kzView = await call('GET', `${p.hub.url}/api/audit/quarantine?limit=1`, { token: auditors.KZ });
    expect(kzView.status).toBe(200);
    expect(kzView.body.items).toEqual([{ agency: 'KZ', position: 10, subject: 'ccp.events.KZ.x', reason: 'malformed', receivedAt: expect.any(String) }]);
    const more = await call('GET', `${p.hub.url}/api/audit/quarantine?limit=1&cursor=${kzView.body.nextCursor}`, { token: auditors.KZ });
    expect(more.body.items).toMatchObject([{ agency: 'KZ', position: 9, reason: 'chain-broken' }]);
    const all = await call('GET', `${p.hub.url}/api/audit/quarantine`, { token: auditors.CCP });
    expect(all.body.items.map((i: { agency: string }) => i.agency)).toEqual(['KZ', 'KZ', 'TM']);
    expect(all.body.items[2]).toMatchObject({ eventId: '11111111-1111-4111-8111-111111111111', type: 'AlertRaised' });
    expect(JSON.stringify(all.body)).not.toContain('secret');
    expect((await call('GET', `${p.hub.url}/api/audit/quarantine`, { token: kz })).status).toBe(404);
  });

  it('publishes the node keys the hub trusts and its own, with the fingerprints cix verify prints', async () => {
    const r = await call('GET', `${p.hub.url}/api/audit/keys`, { token: auditors.KZ });
    expect(r.status).toBe(200);
    expect(r.body.keys.map((k: { agency: string }) => k.agency)).toEqual(['AZ', 'HUB', 'KZ', 'TM']);
    for (const k of r.body.keys) {
      const pem = k.agency === 'HUB' ? testKeys.hub.pub : testKeys.nodes[k.agency].pub;
      expect(k.fingerprint).toBe(`sha256:${keyFingerprint(createPublicKey(readFileSync(pem)))}`);
      expect(k.fingerprint).toBe(`sha256:${createHash('sha256').update(Buffer.from(k.spki, 'base64')).digest('hex')}`);
    }
    expect((await call('GET', `${p.hub.url}/api/audit/keys`, { token: az })).status).toBe(404);
  });

  it('the access log filters by agency and action, and holds every auditor action', async () => {
    const r = await call('GET', `${p.hub.url}/api/audit/access-log?agency=KZ&action=audit.as-of.alerts&limit=2`, { token: auditors.KZ });
    expect(r.status).toBe(200);
    expect(r.body.items).toHaveLength(2);
    for (const i of r.body.items) expect(i).toMatchObject({ agency: 'KZ', action: 'audit.as-of.alerts', sub: 'kz-inspector' });
    expect(r.body.nextCursor).toEqual(expect.any(String));
    const mine = await call('GET', `${p.hub.url}/api/audit/access-log?principal=kz-inspector&limit=500`, { token: auditors.KZ });
    const actions = new Set(mine.body.items.map((i: { action: string }) => i.action));
    for (const a of ['audit.timeline.read', 'audit.as-of.alerts', 'audit.as-of.trends', 'audit.quarantine.read', 'audit.keys.read'])
      expect(actions).toContain(a);
  });

  it('the report (PDF, text extractable, Russian headings) states what its export holds; the export re-verifies with cix verify; cix report writes the same', async () => {
    const res = await fetch(`${p.hub.url}/api/audit/report?from=${encodeURIComponent(at.start)}`, { headers: { authorization: `Bearer ${auditors.KZ}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/pdf');
    const exportPath = res.headers.get('cix-report-export')!;
    expect(exportPath).toMatch(/^\/api\/audit\/report\/export\?to=/);
    const text = await pdfText(new Uint8Array(await res.arrayBuffer()));
    expect(text).toContain('Отчёт аудитора');
    expect(text).toContain('Журнал доступа за период');

    const fetchExport = () => fetch(`${p.hub.url}${exportPath}`, { headers: { authorization: `Bearer ${auditors.KZ}` } }).then((r) => r.text());
    const exported = await fetchExport();
    // Fetched again later (after more reads were logged), it is the same bytes: it is the history as of the report's end.
    expect(await fetchExport()).toBe(exported);
    const sha = createHash('sha256').update(exported).digest('hex');
    expect(text.replace(/\s+/g, ' ')).toContain(sha);
    const verdict = await verifyReplay(linesOf(exported), trust());
    expect(verdict).toMatchObject({ intact: true, perAgency: { KZ: 7 } });
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain(`verified ${verdict.verified} events`);
    expect(flat).toMatch(/KZ: 7 events in the export \(0 sealed\), 7 recorded in the period; chain tip: position 7/);
    const kzTip = verdict.checkpoints.find((c) => c.agency === 'KZ')!;
    const hubTip = verdict.checkpoints.find((c) => c.agency === 'HUB')!;
    expect(flat).toContain(`HUB: ${verdict.perAgency.HUB} events in the export`);
    expect(flat).toContain(`chain tip: position ${hubTip.position}`);
    expect(flat).toContain(
      `tip hash ${
        exported
          .split('\n')
          .find((l) => l.includes('"checkpoint"') && l.includes('"agency":"KZ"'))!
          .match(/"hash":"([0-9a-f]{64})"/)![1]
      }`,
    );
    expect(kzTip.position).toBe(7);
    expect(flat).toMatch(/audit\.as-of\.alerts: \d+/);

    const pdfFile = path.join(tmpRoot, 'audit-report.pdf');
    const exportFile = path.join(tmpRoot, 'audit-report.ndjson');
    const to = decodeURIComponent(new URLSearchParams(exportPath.split('?')[1]).get('to')!);
    const made = await cli('report', '--url', p.hub.url, '--token', auditors.KZ, '--from', at.start, '--to', to, '--out', pdfFile, '--export', exportFile);
    expect(made.code).toBe(0);
    expect(readFileSync(exportFile, 'utf8')).toBe(exported);
    expect((await pdfText(new Uint8Array(readFileSync(pdfFile)))).replace(/\s+/g, ' ')).toContain(sha);
    expect(await cli('verify', exportFile, '--trust', trustSpec)).toMatchObject({ code: 0, out: expect.stringContaining('chain intact') });
  }, 60_000);
});

import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { DataSource } from 'typeorm';
import { containerCheckDigit } from '@cix/contracts';
import { EventStore, TrustStore, verifyReplay } from '@cix/event-store';
import { hubWith } from './configured-services.js';
import { call, eventually, minimalSeizure, replayedEvents } from '../support/http.js';
import { startPlatform, token } from '../support/platform.js';
import { openStream } from '../support/sse.js';
import { testKeys, tmpRoot } from '../support/test-env.js';

// Issue 10, item 3. Personal data (names of persons and their documents) belongs to the agency
// that recorded it. Every path that returns alert content applies the same rule, and the data is
// committed to each event by a salted digest beside the payload, so exports can withhold it and a
// lawful erasure can delete it while every hash, link and signature still verifies offline.

const run = promisify(execFile);
const cli = (...args: string[]) =>
  run(process.execPath, ['dist/apps/cli/src/main.js', ...args]).then(
    (r) => ({ code: 0, out: r.stdout }),
    (e) => ({ code: e.code as number, out: String(e.stdout) }),
  );
const trustSpec =
  Object.entries(testKeys.nodes)
    .map(([a, k]) => `${a}:${k.keyId}=${k.pub}`)
    .join(',') + `,HUB:${testKeys.hub.keyId}=${testKeys.hub.pub}`;
const trust = () => {
  const t = new TrustStore();
  for (const [a, k] of Object.entries(testKeys.nodes)) t.add(a, k.keyId, readFileSync(k.pub));
  return t.add('HUB', testKeys.hub.keyId, readFileSync(testKeys.hub.pub));
};
async function* linesOf(text: string) {
  for (const l of text.split('\n')) if (l) yield l;
}

/** Everything that identifies the persons in the alerts below. */
const SECRETS = ['Abenov', 'N1234567', 'Nurlanova', 'P7654321', 'Ovezov', 'T5550001'];
const container = (first10: string) => first10 + containerCheckDigit(first10);
const C1 = container('PDTU100000'),
  C2 = container('PDTU200000');
const leaked = (body: unknown) => SECRETS.filter((s) => (typeof body === 'string' ? body : JSON.stringify(body)).includes(s));

describe('personal data: one rule on every path, committed by salted digest', () => {
  let p: Awaited<ReturnType<typeof startPlatform>>;
  let kz: string, az: string, coordinator: string, kzAuditor: string, ccpAuditor: string;
  let feeds: Record<'az' | 'coordinator' | 'kz', Awaited<ReturnType<typeof openStream>>>;
  const ids: Record<string, string> = {};
  let afterAmendment = '';

  beforeAll(async () => {
    await run(process.execPath, ['scripts/build.mjs', '--quiet']);
    p = await startPlatform(['AZ', 'KZ']);
    [kz, az, coordinator, kzAuditor, ccpAuditor] = await Promise.all([
      token('KZ', 'officer', 'KZ-AKTAU', 'aigerim'),
      token('AZ', 'officer', 'AZ-ALYAT', 'rashad'),
      token('CCP', 'coordinator', undefined, 'coord'),
      token('KZ', 'auditor', undefined, 'kz-inspector'),
      token('CCP', 'auditor', undefined, 'ccp-oversight'),
    ]);
    feeds = {
      az: await openStream(`${p.hub.url}/api/stream`, az),
      coordinator: await openStream(`${p.hub.url}/api/stream`, coordinator),
      kz: await openStream(`${p.hub.url}/api/stream`, kz),
    };
    const post = async (name: string, body: unknown) => {
      const r = await call('POST', `${p.nodes.KZ.url}/api/alerts`, { token: kz, body });
      expect([r.status, r.body?.errors]).toEqual([201, undefined]);
      ids[name] = r.body.id;
    };
    const parties = [
      { role: 'shipper', name: 'Kaspiy Trans LLP' },
      { role: 'driver', name: 'Serik Abenov', isPerson: true, nationality: 'KZ', documentNumber: 'N1234567' },
    ];
    // A high-risk alert shared regionally (detail, list, search, awaiting feedback, feed), then amended with another person.
    await post('a', minimalSeizure({ kind: 'high-risk-consignment', quantity: undefined, containers: [C1], parties, distribution: { level: 'regional' } }));
    const amended = await call('POST', `${p.nodes.KZ.url}/api/alerts/${ids.a}/amendments`, {
      token: kz,
      body: {
        expectedVersion: 1,
        changes: { parties: [...parties, { role: 'consignee', name: 'Dana Nurlanova', isPerson: true, documentNumber: 'P7654321' }] },
      },
    });
    expect(amended.status).toBe(200);
    // An alert first kept national, then widened: the hub learns its content (and persons) from the snapshot.
    await post(
      'b',
      minimalSeizure({
        containers: [C2],
        parties: [{ role: 'carrier', name: 'Batyr Ovezov', isPerson: true, documentNumber: 'T5550001' }],
        distribution: { level: 'agency' },
      }),
    );
    expect(
      (await call('POST', `${p.nodes.KZ.url}/api/alerts/${ids.b}/distribution`, { token: kz, body: { expectedVersion: 1, level: 'regional' } })).status,
    ).toBe(200);
    await eventually(async () => (await call('GET', `${p.hub.url}/api/alerts/${ids.a}`, { token: kz })).body?.version === 2, 'the amendment on the hub');
    await eventually(async () => (await call('GET', `${p.hub.url}/api/alerts/${ids.b}`, { token: kz })).status === 200, 'the widened alert on the hub');
    await eventually(async () => feeds.az.ids('alert').includes(ids.b) && feeds.coordinator.ids('alert').includes(ids.b), 'the feed');
    afterAmendment = new Date().toISOString();
  }, 180_000);

  afterAll(async () => {
    for (const f of Object.values(feeds ?? {})) await f?.close();
    await p?.close();
  });

  it('stores no person in any signed payload: the payload commits to a side record by digest', async () => {
    const r = await call('GET', `${p.nodes.KZ.url}/api/audit/events`, { token: kzAuditor });
    const events = replayedEvents(r.body);
    const withPersons = events.filter((e) => e.personalData);
    expect(withPersons.map((e) => e.type).sort()).toEqual(['AlertAmended', 'AlertDistributionChanged', 'AlertRaised', 'AlertRaised']);
    for (const e of events) expect(leaked(e.payload)).toEqual([]);
    const raised = events.find((e) => e.streamId === `alert-${ids.a}` && e.type === 'AlertRaised');
    const driver = raised.payload.content.parties.find((x: { role: string }) => x.role === 'driver');
    expect(driver).toEqual({ role: 'driver', isPerson: true, personalDataRef: expect.any(String), digest: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(raised.personalData[driver.personalDataRef].data).toEqual({ name: 'Serik Abenov', nationality: 'KZ', documentNumber: 'N1234567' });
    expect(raised.payload.content.parties[0]).toEqual({ role: 'shipper', name: 'Kaspiy Trans LLP', isPerson: false });
  });

  it.each([
    ['an officer of another agency', () => az],
    ['the coordinator', () => coordinator],
    ['the programme auditor', () => ccpAuditor],
  ])('%s gets no person on detail, list, search, time travel or awaiting feedback; companies stay', async (_who, t) => {
    const reads = [
      `/api/alerts/${ids.a}`,
      `/api/alerts/${ids.b}`,
      `/api/alerts?container=${C1}`,
      '/api/alerts?q=false%20floor',
      `/api/alerts/${ids.a}?asOf=${afterAmendment}`,
      `/api/alerts/${ids.b}?asOf=${afterAmendment}`,
      '/api/feedback/awaiting',
    ];
    for (const path2 of reads) {
      const r = await call('GET', `${p.hub.url}${path2}`, { token: t() });
      expect([path2, r.status]).toEqual([path2, 200]);
      expect([path2, leaked(r.body)]).toEqual([path2, []]);
    }
    const detail = await call('GET', `${p.hub.url}/api/alerts/${ids.a}`, { token: t() });
    expect(detail.body.parties).toEqual([
      { role: 'shipper', name: 'Kaspiy Trans LLP', isPerson: false },
      { role: 'driver', name: '[personal data withheld]', isPerson: true, withheld: true },
      { role: 'consignee', name: '[personal data withheld]', isPerson: true, withheld: true },
    ]);
    expect(JSON.stringify(detail.body)).not.toContain('personalDataRef');
  });

  it('the live feed carries no person to those without the right, and does to the owner', () => {
    for (const f of [feeds.az, feeds.coordinator]) {
      expect(f.events.filter((e) => e.type === 'alert').length).toBeGreaterThan(0);
      expect(leaked(f.events)).toEqual([]);
    }
    expect(leaked(feeds.kz.events)).toEqual(expect.arrayContaining(['Abenov', 'Ovezov']));
  });

  it("the programme auditor's timeline and replay carry no person; the replay still verifies with `cix verify`", async () => {
    for (const id of [ids.a, ids.b]) {
      const timeline = await call('GET', `${p.hub.url}/api/audit/alerts/${id}/timeline`, { token: ccpAuditor });
      expect(timeline.status).toBe(200);
      expect(timeline.body.items.length).toBeGreaterThan(0);
      expect(leaked(timeline.body)).toEqual([]);
    }
    const events = await call('GET', `${p.hub.url}/api/audit/events`, { token: ccpAuditor });
    expect(events.status).toBe(200);
    expect(leaked(events.body)).toEqual([]);
    const lines = (events.body as string)
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => JSON.parse(l));
    // The content is there (not sealed), only the persons are withheld.
    const raised = lines.find((e) => e.streamId === `alert-${ids.a}` && e.type === 'AlertRaised');
    expect(raised.payload.content.commodity.description).toBe('heroin in a false floor');
    expect(raised.personalData).toBeUndefined();

    const file = path.join(tmpRoot, 'pd-ccp.ndjson');
    expect(await cli('replay', '--url', p.hub.url, '--token', ccpAuditor, '--out', file)).toMatchObject({ code: 0 });
    expect(leaked(readFileSync(file, 'utf8'))).toEqual([]);
    const verified = await cli('verify', file, '--trust', trustSpec);
    expect(verified).toMatchObject({ code: 0, out: expect.stringContaining('chain intact') });
  }, 60_000);

  it("the owner's auditor and officer still see the persons: timeline, replay, detail, node", async () => {
    const timeline = await call('GET', `${p.hub.url}/api/audit/alerts/${ids.a}/timeline`, { token: kzAuditor });
    expect(leaked(timeline.body)).toEqual(expect.arrayContaining(['Abenov', 'N1234567', 'Nurlanova']));
    const raisedItem = timeline.body.items.find((i: { type: string }) => i.type === 'AlertRaised');
    expect(raisedItem.payload.content.parties[1]).toEqual({
      role: 'driver',
      name: 'Serik Abenov',
      isPerson: true,
      nationality: 'KZ',
      documentNumber: 'N1234567',
    });
    const replay = await call('GET', `${p.hub.url}/api/audit/events?agency=KZ`, { token: kzAuditor });
    expect(leaked(replay.body)).toEqual(expect.arrayContaining(['Abenov', 'Ovezov']));
    expect((await verifyReplay(linesOf(replay.body), trust())).intact).toBe(true);
    const detail = await call('GET', `${p.hub.url}/api/alerts/${ids.b}`, { token: kz });
    expect(detail.body.parties).toEqual([{ role: 'carrier', name: 'Batyr Ovezov', isPerson: true, documentNumber: 'T5550001' }]);
    const asOf = await call('GET', `${p.hub.url}/api/alerts/${ids.a}?asOf=${afterAmendment}`, { token: kz });
    expect(leaked(asOf.body)).toEqual(expect.arrayContaining(['Abenov', 'Nurlanova']));
    const onNode = await call('GET', `${p.nodes.KZ.url}/api/alerts/${ids.a}`, { token: kz });
    expect(onNode.body.parties.map((x: { name: string }) => x.name)).toEqual(['Kaspiy Trans LLP', 'Serik Abenov', 'Dana Nurlanova']);
    expect(leaked(onNode.body.history)).toEqual(expect.arrayContaining(['Abenov', 'Nurlanova']));
  });

  it('`cix verify` accepts a withheld personal-data record and refuses a tampered one', async () => {
    const file = path.join(tmpRoot, 'pd-kz.ndjson');
    expect(await cli('replay', '--url', p.hub.url, '--token', kzAuditor, '--agency', 'KZ', '--out', file)).toMatchObject({ code: 0 });
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const at = lines.findIndex((l) => l.includes('"personalData"') && l.includes('Abenov'));
    expect(at).toBeGreaterThan(0);
    const variant = async (name: string, change: (e: any) => void) => {
      const e = JSON.parse(lines[at]);
      change(e);
      const f = path.join(tmpRoot, `pd-kz-${name}.ndjson`);
      writeFileSync(f, [...lines.slice(0, at), JSON.stringify(e), ...lines.slice(at + 1)].join('\n') + '\n');
      return cli('verify', f, '--trust', trustSpec, '--json');
    };
    expect((await variant('intact', () => undefined)).code).toBe(0);
    expect(
      (
        await variant('withheld', (e) => {
          delete e.personalData;
        })
      ).code,
    ).toBe(0);
    const ref = (e: any) => Object.keys(e.personalData)[0];
    const renamed = await variant('renamed', (e) => {
      e.personalData[ref(e)].data.name = 'Someone Else';
    });
    expect(renamed.code).toBe(1);
    expect(JSON.parse(renamed.out).broken).toMatchObject({ reason: 'personal-data-mismatch' });
    const foreign = await variant('foreign', (e) => {
      e.personalData['pd-invented'] = { salt: '00', data: { name: 'Planted Person' } };
    });
    expect(foreign.code).toBe(1);
    // Removing the commitment from the payload instead is a change to the signed content.
    const stripped = await variant('stripped', (e) => {
      e.payload.content.parties = e.payload.content.parties.slice(0, 1);
      delete e.personalData;
    });
    expect(JSON.parse(stripped.out).broken).toMatchObject({ reason: 'hash-mismatch' });
  }, 60_000);

  it("a lawful erasure deletes a person's record on the node; the log still verifies offline and readers show it withheld", async () => {
    const store = p.nodes.KZ.app.get(EventStore);
    const db = p.nodes.KZ.app.get(DataSource);
    const refs = await store.personalDataRefs(`alert-${ids.b}`);
    expect(refs.length).toBeGreaterThan(0);
    // The database allows nothing else: history stays append-only around the erasure.
    await expect(db.query(`UPDATE events SET payload = '{}'::jsonb WHERE stream_id = $1`, [`alert-${ids.b}`])).rejects.toThrow(/append-only/);
    await expect(
      db.query(
        `UPDATE events SET personal_data = personal_data || '{"pd-x":{"salt":"00","data":{}}}'::jsonb WHERE stream_id = $1 AND personal_data IS NOT NULL`,
        [`alert-${ids.b}`],
      ),
    ).rejects.toThrow(/append-only/);
    const erased = await cli(
      'personal-data',
      'erase',
      '--agency',
      'KZ',
      '--alert',
      ids.b,
      '--database-url',
      p.nodes.KZ.databaseUrl,
      '--key-file',
      testKeys.nodes.KZ.key,
      '--key-id',
      testKeys.nodes.KZ.keyId,
      '--json',
    );
    expect(erased.code).toBe(0);
    expect(JSON.parse(erased.out)).toEqual({ erased: refs, notFound: [] });
    expect(await store.personalDataRefs(`alert-${ids.b}`)).toEqual([]);

    const log = await call('GET', `${p.nodes.KZ.url}/api/audit/events`, { token: kzAuditor });
    expect(log.body).not.toContain('Ovezov');
    expect(log.body).not.toContain('T5550001');
    expect(log.body).toContain('Abenov'); // only what was erased is gone
    expect(await verifyReplay(linesOf(log.body), trust())).toMatchObject({ intact: true });
    const file = path.join(tmpRoot, 'pd-kz-erased.ndjson');
    writeFileSync(file, log.body);
    expect(await cli('verify', file, '--trust', trustSpec)).toMatchObject({ code: 0, out: expect.stringContaining('chain intact') });
    for (const path2 of [`/api/alerts/${ids.b}`, `/api/alerts?container=${C2}`]) {
      const r = await call('GET', `${p.nodes.KZ.url}${path2}`, { token: kz });
      expect(r.status).toBe(200);
      expect(leaked(r.body)).toEqual([]);
      expect(JSON.stringify(r.body)).toContain('"withheld":true');
    }
  }, 60_000);
});

describe('demo sign-in', () => {
  it('the production configuration never enables it', () => {
    const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as {
      services: Record<string, { environment?: Record<string, string> }>;
    };
    for (const s of Object.values(compose.services)) {
      expect(Object.keys(s.environment ?? {})).not.toContain('DEMO_SIGN_IN');
      expect(Object.keys(s.environment ?? {})).not.toContain('HUB_DEMO_TOKENS_FILE');
    }
  });

  it('`/api/demo/users` answers 404 unless DEMO_SIGN_IN=true, even with a tokens file', async () => {
    const tokens = path.join(tmpRoot, 'pd-demo-tokens.txt');
    writeFileSync(tokens, `# KZ officer\n${await token('KZ', 'officer', 'KZ-AKTAU')}\n`);
    const off = await hubWith({ HUB_DEMO_TOKENS_FILE: tokens }, ['AZ']);
    try {
      expect((await call('GET', `${off.url}/api/demo/users`)).status).toBe(404);
    } finally {
      await off.close();
    }
    const on = await hubWith({ HUB_DEMO_TOKENS_FILE: tokens, DEMO_SIGN_IN: 'true' }, ['AZ']);
    try {
      const r = await call('GET', `${on.url}/api/demo/users`);
      expect(r.status).toBe(200);
      expect(r.body.users).toHaveLength(1);
    } finally {
      await on.close();
    }
  }, 60_000);
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { containerCheckDigit } from '@cix/contracts';
import { call, eventually, minimalSeizure } from './support/http.js';
import { startPlatform, token } from './support/platform.js';
import { openStream } from './support/sse.js';
import { LEAK_PRINCIPALS, type LeakPrincipal } from './support/leak-principals.js';

// The leak suite: for every principal, every distribution and every read path, exactly what the
// sharing model allows is visible, and nothing else — not by id, list, search, pagination or feed.
// The expectations below are written out by hand from the README's table, not computed by the
// access-control library, so a wrong policy cannot agree with itself.

type Case = 'agencyOnly' | 'toAz' | 'toAzTm' | 'toCcp' | 'regional' | 'narrowedToTm' | 'retracted' | 'azOwn';
const CASES: Case[] = ['agencyOnly', 'toAz', 'toAzTm', 'toCcp', 'regional', 'narrowedToTm', 'retracted', 'azOwn'];

const PRINCIPALS = LEAK_PRINCIPALS;
type Who = LeakPrincipal;

// Visible on the hub (agency-only alerts never reach it, so nobody sees them there).
const VISIBLE: Record<Who, Case[]> = {
  kzOfficer: ['toAz', 'toAzTm', 'toCcp', 'regional', 'narrowedToTm', 'retracted'],
  azOfficer: ['toAz', 'toAzTm', 'regional', 'retracted', 'azOwn'],
  tmOfficer: ['toAzTm', 'regional', 'narrowedToTm', 'retracted'],
  coordinator: ['toCcp', 'regional', 'retracted'],
  kzAuditor: ['toAz', 'toAzTm', 'toCcp', 'regional', 'narrowedToTm', 'retracted'],
  azAuditor: ['azOwn'],
  ccpAuditor: ['toCcp', 'regional', 'retracted'],
};

const containerFor = (i: number) => {
  const first10 = `LKSU${100000 + i}`;
  return first10 + containerCheckDigit(first10);
};

describe('leak suite: roles × agencies × distributions × read paths', () => {
  let p: Awaited<ReturnType<typeof startPlatform>>;
  const tokens = {} as Record<Who, string>;
  const ids = {} as Record<Case, string>;
  let beforeChanges = ''; // every case on the hub as first raised, none widened, narrowed or retracted yet
  const streams = {} as Record<Who, Awaited<ReturnType<typeof openStream>>>;
  const company = (c: Case) => `Leaktest ${c} Trading LLP`;

  beforeAll(async () => {
    p = await startPlatform(['AZ', 'KZ', 'TM']);
    for (const [who, claims] of Object.entries(PRINCIPALS))
      tokens[who as Who] = await token(claims.agency, claims.role, 'unit' in claims ? claims.unit : undefined, who);
    for (const who of Object.keys(PRINCIPALS) as Who[]) streams[who] = await openStream(`${p.hub.url}/api/stream`, tokens[who]);
    const distributions: Record<Case, unknown> = {
      agencyOnly: { level: 'agency' },
      toAz: { level: 'bilateral', recipients: ['AZ'] },
      toAzTm: { level: 'bilateral', recipients: ['AZ', 'TM'] },
      toCcp: { level: 'bilateral', recipients: ['CCP'] },
      regional: { level: 'regional' },
      narrowedToTm: { level: 'regional' },
      retracted: { level: 'regional' },
      azOwn: { level: 'agency' },
    };
    for (const [i, c] of CASES.entries()) {
      const [node, t, unit] = c === 'azOwn' ? [p.nodes.AZ, tokens.azOfficer, 'AZ-ALYAT'] : [p.nodes.KZ, tokens.kzOfficer, 'KZ-AKTAU'];
      const body = minimalSeizure({
        kind: 'high-risk-consignment',
        quantity: undefined,
        unit,
        containers: [containerFor(i)],
        distribution: distributions[c],
        commodity: { category: 'drugs', description: `leaktoken-${c} heroin` },
        parties: [
          { role: 'shipper', name: company(c) },
          { role: 'driver', name: `Person ${c} Secretname`, isPerson: true, documentNumber: `DOC-${c}` },
        ],
      });
      const r = await call('POST', `${node.url}/api/alerts`, { token: t, body });
      expect(r.status).toBe(201);
      ids[c] = r.body.id;
    }
    await eventually(
      async () => (await call('GET', `${p.hub.url}/api/alerts/${ids.narrowedToTm}`, { token: tokens.azOfficer })).status === 200,
      'hub has the alerts as raised',
    );
    await new Promise((r) => setTimeout(r, 20));
    beforeChanges = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    // AZ's own alert starts agency-only (sealed on the bus) and is then shared with KZ alone.
    const widen = await call('POST', `${p.nodes.AZ.url}/api/alerts/${ids.azOwn}/distribution`, {
      token: tokens.azOfficer,
      body: { expectedVersion: 1, level: 'bilateral', recipients: ['KZ'] },
    });
    expect(widen.status).toBe(200);
    const narrowed = await call('POST', `${p.nodes.KZ.url}/api/alerts/${ids.narrowedToTm}/distribution`, {
      token: tokens.kzOfficer,
      body: { expectedVersion: 1, level: 'bilateral', recipients: ['TM'] },
    });
    expect(narrowed.status).toBe(200);
    const retracted = await call('POST', `${p.nodes.KZ.url}/api/alerts/${ids.retracted}/retract`, {
      token: tokens.kzOfficer,
      body: { expectedVersion: 1, reason: 'wrong consignment' },
    });
    expect(retracted.status).toBe(200);
    // Wait until the hub has applied everything: the last change is visible to its audience.
    await eventually(
      async () => (await call('GET', `${p.hub.url}/api/alerts/${ids.retracted}`, { token: tokens.azOfficer })).body?.status === 'retracted',
      'hub caught up',
    );
    await eventually(
      async () => (await call('GET', `${p.hub.url}/api/alerts/${ids.narrowedToTm}`, { token: tokens.azOfficer })).status === 404,
      'narrowing applied',
    );
    await eventually(
      async () => (await call('GET', `${p.hub.url}/api/alerts/${ids.azOwn}`, { token: tokens.kzOfficer })).status === 200,
      'AZ widening applied',
    );
    await new Promise((r) => setTimeout(r, 300)); // let the feed deliver the last notifications
  }, 120_000);

  afterAll(async () => {
    for (const s of Object.values(streams)) await s?.close();
    await p?.close();
  });

  // azOwn is shared bilaterally with KZ: the KZ officer sees it as a recipient; a KZ auditor audits KZ's own alerts only.
  const visible = (who: Who): Case[] => (who === 'kzOfficer' ? [...VISIBLE[who], 'azOwn'] : VISIBLE[who]);

  describe.each(Object.keys(PRINCIPALS) as Who[])('%s', (who) => {
    it('GET /api/alerts/:id: 200 exactly for the visible cases, otherwise the same 404 as a missing id', async () => {
      const missing = await call('GET', `${p.hub.url}/api/alerts/00000000-0000-4000-8000-000000000000`, { token: tokens[who] });
      for (const c of CASES) {
        const r = await call('GET', `${p.hub.url}/api/alerts/${ids[c]}`, { token: tokens[who] });
        expect([c, r.status]).toEqual([c, visible(who).includes(c) ? 200 : 404]);
        if (r.status === 404) expect(r.body).toEqual(missing.body);
      }
    });

    it('GET /api/alerts/:id?asOf=: 200 only for what the caller could see then and may still see now', async () => {
      const missing = await call('GET', `${p.hub.url}/api/alerts/00000000-0000-4000-8000-000000000000?asOf=${beforeChanges}`, { token: tokens[who] });
      // azOwn was still agency-only then (nothing of it on the hub); narrowedToTm was regional then, not now.
      const expected: Case[] = visible(who).filter((c) => c !== 'azOwn');
      for (const c of CASES) {
        const r = await call('GET', `${p.hub.url}/api/alerts/${ids[c]}?asOf=${beforeChanges}`, { token: tokens[who] });
        expect([c, r.status]).toEqual([c, expected.includes(c) ? 200 : 404]);
        if (r.status === 404) expect(r.body).toEqual(missing.body);
      }
    });

    it('GET /api/alerts: the list, paged to the end, holds exactly the visible cases', async () => {
      const seen: string[] = [];
      let cursor = '';
      for (;;) {
        const r = await call('GET', `${p.hub.url}/api/alerts?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: tokens[who] });
        expect(r.status).toBe(200);
        expect(Object.keys(r.body).sort()).toEqual(['items', 'nextCursor']); // no totals to infer hidden alerts from
        seen.push(...r.body.items.map((i: { id: string }) => i.id));
        if (!r.body.nextCursor) break;
        expect(r.body.nextCursor).not.toMatch(/^\d+$/); // opaque: a position would count the hidden alerts between pages
        cursor = r.body.nextCursor;
      }
      expect(seen.sort()).toEqual(
        visible(who)
          .map((c) => ids[c])
          .sort(),
      );
    });

    it('search by container number and by company name finds only visible alerts', async () => {
      for (const [i, c] of CASES.entries()) {
        const byContainer = await call('GET', `${p.hub.url}/api/alerts?container=${containerFor(i)}`, { token: tokens[who] });
        const byCompany = await call('GET', `${p.hub.url}/api/alerts?q=${encodeURIComponent(company(c))}`, { token: tokens[who] });
        const expected = visible(who).includes(c) ? [ids[c]] : [];
        expect([c, byContainer.body.items.map((x: { id: string }) => x.id)]).toEqual([c, expected]);
        // A company search matches words across spellings ("toAz" also finds "toAzTm"): the alert itself iff visible, nothing invisible.
        const byCompanyName = await call('GET', `${p.hub.url}/api/alerts?company=${encodeURIComponent(company(c))}`, { token: tokens[who] });
        for (const r of [byCompany, byCompanyName]) {
          const found: string[] = r.body.items.map((x: { id: string }) => x.id);
          expect([c, found.includes(ids[c])]).toEqual([c, expected.length > 0]);
          expect(found.filter((id) => !visible(who).some((v) => ids[v] === id))).toEqual([]);
        }
      }
      // A person's name is never a search key on the hub, not even for the owner.
      const byPerson = await call('GET', `${p.hub.url}/api/alerts?q=Secretname`, { token: tokens[who] });
      expect(byPerson.body.items).toEqual([]);
    });

    it('personal data of another agency never appears', async () => {
      for (const c of visible(who)) {
        const r = await call('GET', `${p.hub.url}/api/alerts/${ids[c]}`, { token: tokens[who] });
        const owner = c === 'azOwn' ? 'AZ' : 'KZ';
        const entitled = PRINCIPALS[who].agency === owner && (PRINCIPALS[who].role as string) !== 'coordinator';
        expect([c, JSON.stringify(r.body).includes('Secretname')]).toEqual([c, entitled]);
        expect([c, JSON.stringify(r.body).includes(`DOC-${c}`)]).toEqual([c, entitled]);
      }
    });

    it('the live feed announced only visible alerts, and withdrew only what the caller could see before', async () => {
      const announced = new Set(streams[who].ids('alert'));
      const expectedAnnounced = visible(who)
        .filter((c) => c !== 'narrowedToTm' || who !== 'azOfficer')
        .map((c) => ids[c]);
      for (const id of announced) expect(Object.values(ids)).toContain(id);
      for (const c of CASES) {
        const allowed = visible(who).includes(c) || (c === 'narrowedToTm' && ['azOfficer', 'coordinator', 'ccpAuditor'].includes(who));
        if (!allowed) expect([c, announced.has(ids[c])]).toEqual([c, false]);
      }
      for (const id of expectedAnnounced) expect(announced.has(id)).toBe(true);
      const withdrawn = streams[who].ids('alert.withdrawn');
      const expectWithdrawn = ['azOfficer', 'coordinator', 'ccpAuditor'].includes(who) ? [ids.narrowedToTm] : [];
      expect(withdrawn).toEqual(expectWithdrawn);
    });

    it('the awaiting-feedback list holds only visible alerts of other agencies', async () => {
      const r = await call('GET', `${p.hub.url}/api/feedback/awaiting`, { token: tokens[who] });
      const items: string[] = r.body.items.map((i: { id: string }) => i.id);
      const own = PRINCIPALS[who].agency;
      const expected =
        PRINCIPALS[who].role !== 'officer'
          ? []
          : visible(who)
              .filter((c) => c !== 'retracted' && (c === 'azOwn' ? 'AZ' : 'KZ') !== own)
              .map((c) => ids[c]);
      expect(items.sort()).toEqual(expected.sort());
    });
  });

  it('an empty recipient list is refused at the node with 400, never read as everyone', async () => {
    const r = await call('POST', `${p.nodes.KZ.url}/api/alerts`, {
      token: tokens.kzOfficer,
      body: minimalSeizure({ distribution: { level: 'bilateral', recipients: [] } }),
    });
    expect(r.status).toBe(400);
    expect(r.body.errors[0]).toMatchObject({ field: 'distribution.recipients' });
  });
});

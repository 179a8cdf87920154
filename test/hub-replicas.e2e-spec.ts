import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { call, eventually, minimalSeizure } from './support/http.js';
import { startHub, startPlatform, token } from './support/platform.js';
import { openStream } from './support/sse.js';

const AGENCIES = ['AZ', 'KZ', 'TM'];
const UNITS: Record<string, string> = { AZ: 'AZ-ALYAT', KZ: 'KZ-AKTAU', TM: 'TM-TURKMENBASHI' };

// Two hubs on one database share the agencies (one consumer per agency stream), serve the same
// reads, and each one's live feed hears what the other applied.
describe('hub replicas on one database', () => {
  let p: Awaited<ReturnType<typeof startPlatform>>;
  let b: Awaited<ReturnType<typeof startHub>>;
  let db: pg.Client;
  let coordinator: string;
  let officers: Record<string, string>;

  const consumes = async (url: string): Promise<string[]> => (await call('GET', `${url}/health`, { token: coordinator })).body.replica.consumes as string[];
  const post = async (agency: string) => {
    const r = await call('POST', `${p.nodes[agency].url}/api/alerts`, { token: officers[agency], body: minimalSeizure({ unit: UNITS[agency] }) });
    expect(r.status).toBe(201);
    return r.body.id as string;
  };

  beforeAll(async () => {
    p = await startPlatform(AGENCIES);
    b = await startHub(p.nats, AGENCIES, { DATABASE_URL: p.hub.databaseUrl, HUB_REPLICA_ID: 'hub-b' });
    db = new pg.Client({ connectionString: p.hub.databaseUrl });
    await db.connect();
    coordinator = await token('CCP', 'coordinator');
    officers = Object.fromEntries(await Promise.all(AGENCIES.map(async (a) => [a, await token(a, 'officer', UNITS[a])] as const)));
  }, 60_000);

  let aClosed = false;
  afterAll(async () => {
    await db?.end();
    await b?.app.close();
    if (!aClosed) await p?.hub.app.close();
    for (const n of Object.values(p?.nodes ?? {})) await n.app.close();
    await p?.nats.stop();
  });

  it('share the agencies: each consumed by exactly one replica, the later one given its fair share', async () => {
    const [a, bs] = await eventually(async () => {
      const both = [await consumes(p.hub.url), await consumes(b.url)];
      return both[0].length && both[1].length && both[0].length + both[1].length === 3 ? both : null;
    }, 'the agencies shared between the two replicas');
    expect([...a, ...bs].sort()).toEqual(AGENCIES);
    expect(Math.max(a.length, bs.length)).toBe(2);
  });

  it('apply every event of every agency once, and a feed on either replica hears every change', async () => {
    const feedOnB = await openStream(`${b.url}/api/stream`, coordinator);
    const feedOnA = await openStream(`${p.hub.url}/api/stream`, coordinator);
    await eventually(async () => feedOnB.events.some((e) => e.type === 'ready') && feedOnA.events.some((e) => e.type === 'ready'), 'both feeds open');
    const posted: string[] = [];
    for (let i = 0; i < 4; i++) for (const a of AGENCIES) posted.push(await post(a));
    try {
      for (const feed of [feedOnA, feedOnB]) await eventually(async () => posted.every((id) => feed.ids().includes(id)), 'every alert announced on the feed');
      // Each alert once per feed, whichever replica applied it.
      expect(feedOnB.ids().filter((id) => posted.includes(id)).length).toBe(posted.length);
      expect(feedOnA.ids().filter((id) => posted.includes(id)).length).toBe(posted.length);
    } finally {
      await feedOnA.close();
      await feedOnB.close();
    }
    const { rows } = await db.query<{ agency: string; n: number; positions: number; last: string }>(
      `SELECT l.agency, count(*)::int AS n, count(DISTINCT l.position)::int AS positions, c.position AS last
         FROM hub_event_log l JOIN hub_checkpoints c USING (agency) GROUP BY l.agency, c.position ORDER BY l.agency`,
    );
    expect(rows.map((r) => r.agency)).toEqual(AGENCIES);
    for (const r of rows) expect([r.n, r.positions]).toEqual([Number(r.last), Number(r.last)]);
    // Both replicas serve the same reads.
    for (const url of [p.hub.url, b.url]) expect((await call('GET', `${url}/api/alerts/${posted[0]}`, { token: coordinator })).status).toBe(200);
  });

  it('a stream ticket issued by one replica opens the feed on the other, once', async () => {
    const issued = await call('POST', `${p.hub.url}/api/stream/tickets`, { token: officers.KZ });
    expect(issued.status).toBe(201);
    const feed = await openStream(`${b.url}/api/stream?ticket=${issued.body.ticket}`, null);
    try {
      expect(feed.status).toBe(200);
      await eventually(async () => feed.events.find((e) => e.type === 'ready'), 'the feed opened by the ticket');
      expect(feed.events.find((e) => e.type === 'ready')!.data).toEqual({ agency: 'KZ', role: 'officer' });
    } finally {
      await feed.close();
    }
    const again = await openStream(`${p.hub.url}/api/stream?ticket=${issued.body.ticket}`, null);
    expect(again.status).toBe(401);
    await again.close();
  });

  it("a reconnect to the other replica with this one's event id is told to reset, never given a wrong gap", async () => {
    const onA = await openStream(`${p.hub.url}/api/stream`, coordinator);
    const ready = await eventually(async () => onA.events.find((e) => e.type === 'ready'), 'ready on A');
    await onA.close();
    const onB = await openStream(`${b.url}/api/stream`, coordinator, { 'last-event-id': ready.id! });
    try {
      await eventually(async () => onB.events.find((e) => e.type === 'ready'), 'ready on B');
      // Too old when B started after the id was given, unknown otherwise: either way the client reloads.
      expect(onB.events[0].type).toBe('reset');
    } finally {
      await onB.close();
    }
  });

  it('when one replica stops, the other takes over its agencies and applies what follows', async () => {
    await p.hub.app.close();
    aClosed = true;
    await eventually(async () => (await consumes(b.url)).length === 3, 'replica B consuming every agency', 10_000);
    const later = await Promise.all(AGENCIES.map(post));
    await eventually(async () => {
      const found = await Promise.all(later.map(async (id) => (await call('GET', `${b.url}/api/alerts/${id}`, { token: coordinator })).status));
      return found.every((s) => s === 200);
    }, 'the alerts posted after the takeover on the hub');
  });
});

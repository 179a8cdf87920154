import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { call, eventually } from '../support/http.js';
import { checkInvariants, loadAlert, startFaultPlatform, startLoad, type FaultPlatform, type LoadRecord } from './support/index.js';

// Issue 15: a node's clock 10 minutes ahead or behind: nothing is refused or misordered because
// of it. KZ's node runs 10 minutes ahead, TM's 10 minutes behind (a test-only preload shifts the
// process's Date), AZ's is right; officers' devices are right and report what happened just now.
const MINUTES = 60_000;

describe("fault: a node's clock 10 minutes ahead or behind", () => {
  let p: FaultPlatform;

  beforeAll(async () => {
    p = await startFaultPlatform({ name: 'clock-offset', clockOffsetMs: { KZ: 10 * MINUTES, TM: -10 * MINUTES } });
  }, 120_000);
  afterAll(() => p?.close());

  it('refuses nothing, and the hub keeps arrival order', async () => {
    const load = startLoad(p, { perSecond: 30, timestampsNow: true });
    let record: LoadRecord;
    try {
      await load.acknowledged(80);
    } finally {
      record = await load.stop();
    }
    const skew = async (a: string) => {
      const [r] = await p.query<{ ms: number }>(
        p.databases.nodes[a],
        'SELECT (extract(epoch FROM max(recorded_at)) * 1000 - extract(epoch FROM now()) * 1000)::float AS ms FROM events',
      );
      return r.ms;
    };
    expect(record.refused).toEqual([]);
    // The offsets are real: the nodes stamped their events with their own clocks.
    expect(await skew('KZ')).toBeGreaterThan(9 * MINUTES);
    expect(await skew('TM')).toBeLessThan(-9 * MINUTES);
    const report = await checkInvariants(p, record);

    // Arrival order on the hub, whatever the clocks: KZ (ahead), then TM (behind), then AZ.
    const ids: string[] = [];
    for (const a of ['KZ', 'TM', 'AZ']) {
      const r = await call('POST', `${p.nodes[a].url}/api/alerts`, { token: p.tokens.officer(a), body: loadAlert(a, 1, true) });
      expect(r.status).toBe(201);
      ids.push(r.body.id);
      await eventually(
        async () => (await call('GET', `${p.hub.url}/api/alerts/${r.body.id}`, { token: p.tokens.coordinator })).status === 200,
        `${a} alert on the hub`,
      );
    }
    const list = await call('GET', `${p.hub.url}/api/alerts?limit=3`, { token: p.tokens.coordinator });
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([...ids].reverse());
    console.log(`clock offset: ${JSON.stringify(report)}; load ${record.seconds} s`);
  }, 240_000);
});

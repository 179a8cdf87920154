import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { containerCheckDigit } from '@cix/contracts';
import { call, eventually, minimalSeizure } from '../support/http.js';
import { startPlatform, token } from '../support/platform.js';

// Fan-out poisoning (adv5): the bound once counted every agency's alerts holding a value, so one
// compromised (or merely careless) node raising more than CORRELATION_MAX_FANOUT alerts on another
// agency's container made it "common" for everybody. The bound is now judged per agency: AZ's
// volume makes the value common for AZ's alerts only (it is listed for coordinators), while KZ and
// TM, each under the bound, still match each other on it.
const number = `TGHU${String(830001)}`;
const container = number + containerCheckDigit(number);

describe('fan-out poisoning by one node', () => {
  let p: Awaited<ReturnType<typeof startPlatform>>;
  const t = {} as Record<'AZ' | 'KZ' | 'TM', string>;
  const units = { AZ: 'AZ-ALYAT', KZ: 'KZ-AKTAU', TM: 'TM-TURKMENBASHI' } as const;
  const raise = async (agency: 'AZ' | 'KZ' | 'TM') => {
    const r = await call('POST', `${p.nodes[agency].url}/api/alerts`, {
      token: t[agency],
      body: minimalSeizure({ unit: units[agency], route: undefined, containers: [container], distribution: { level: 'regional' } }),
    });
    expect(r.status).toBe(201);
    const id = r.body.id as string;
    await eventually(async () => (await call('GET', `${p.hub.url}/api/alerts/${id}`, { token: t[agency] })).status === 200, id);
    return id;
  };

  beforeAll(async () => {
    p = await startPlatform(['AZ', 'KZ', 'TM'], { CORRELATION_MAX_FANOUT: '3' });
    for (const a of ['AZ', 'KZ', 'TM'] as const) t[a] = await token(a, 'officer', units[a], `${a}-officer`);
  }, 120_000);

  afterAll(async () => {
    await p?.close();
  });

  it('alerts of one agency do not stop two other agencies matching on a value', async () => {
    for (let i = 0; i < 4; i++) await raise('AZ');
    const kz = await raise('KZ');
    const tm = await raise('TM');
    await eventually(async () => {
      const matches = (await call('GET', `${p.hub.url}/api/alerts/${tm}`, { token: t.TM })).body.matches as Array<{ other: { alertId: string } }>;
      return matches.some((m) => m.other.alertId === kz);
    }, 'KZ–TM match despite AZ flooding the value');
    // Common for AZ's alerts: neither KZ's nor TM's alert matched any of AZ's five.
    const tmMatches = (await call('GET', `${p.hub.url}/api/alerts/${tm}`, { token: t.TM })).body.matches as Array<{ other: { agency: string } }>;
    expect(tmMatches.map((m) => m.other.agency)).toEqual(['KZ']);
    const coordinator = await token('CCP', 'coordinator');
    const common = await call('GET', `${p.hub.url}/api/correlation/common-values`, { token: coordinator });
    expect(common.status).toBe(200);
    expect(common.body.items).toContainEqual(expect.objectContaining({ kind: 'container', value: container, alerts: 6 }));
  }, 60_000);
});

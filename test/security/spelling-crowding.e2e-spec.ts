import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { call, eventually, minimalSeizure } from '../support/http.js';
import { startPlatform, token } from '../support/platform.js';

// Spelling crowding (adv6): of the spellings a company name's blocking keys find, only the 8
// sharing the most keys are scored, ranked across every agency. Eight alerts of a compromised (or
// merely verbose) node, far under the fan-out bound, naming 8 spellings that share all of a
// company's keys and sort first, pushed a third agency's spelling out of the 8: KZ and TM, writing
// the same company, never matched. The 8 are now counted per other agency, as the fan-out bound is.
const units = { AZ: 'AZ-ALYAT', KZ: 'KZ-AKTAU', TM: 'TM-TURKMENBASHI' } as const;
type Agency = keyof typeof units;
// Each shares all five blocking keys of ТОО «Каспий Транс Логистик» and sorts before TM's misspelt
// Kaspiy Trans Lokistik (which also shares all five, scores 0.95, and has no exact key in common).
const decoys = [...['A', 'Aa', 'Ao', 'E', 'Ee', 'I'].map((x) => `${x} Kaspiy Trans Logistik LLP`), ...['A', 'E'].map((x) => `Kaspiy ${x} Trans Logistik LLP`)];

describe('company spellings of one node do not crowd out two others', () => {
  let p: Awaited<ReturnType<typeof startPlatform>>;
  const t = {} as Record<Agency, string>;
  const raise = async (agency: Agency, names: string[]) => {
    const parties = names.map((name) => ({ role: 'shipper', name }));
    const r = await call('POST', `${p.nodes[agency].url}/api/alerts`, {
      token: t[agency],
      body: minimalSeizure({ unit: units[agency], route: undefined, containers: [], parties, distribution: { level: 'regional' } }),
    });
    expect(r.status).toBe(201);
    const id = r.body.id as string;
    await eventually(async () => (await call('GET', `${p.hub.url}/api/alerts/${id}`, { token: t[agency] })).status === 200, id);
    return id;
  };
  const matchedWith = async (agency: Agency, id: string) =>
    ((await call('GET', `${p.hub.url}/api/alerts/${id}`, { token: t[agency] })).body.matches as Array<{ other: { alertId: string } }>).map(
      (m) => m.other.alertId,
    );

  beforeAll(async () => {
    p = await startPlatform(['AZ', 'KZ', 'TM']);
    for (const a of ['AZ', 'KZ', 'TM'] as const) t[a] = await token(a, 'officer', units[a], `${a}-officer`);
  }, 120_000);

  afterAll(async () => {
    await p?.close();
  });

  it('KZ and TM match on a company although AZ raised 8 closer-sorting spellings first', async () => {
    const az: string[] = [];
    for (const d of decoys) az.push(await raise('AZ', [d]));
    const tm = await raise('TM', ['Kaspiy Trans Lokistik']);
    expect(new Set(await matchedWith('TM', tm))).toEqual(new Set(az));
    const kz = await raise('KZ', ['ТОО «Каспий Транс Логистик»']);
    // The match is written in the transaction that makes KZ's alert readable (correlation e2e).
    expect(new Set(await matchedWith('KZ', kz))).toEqual(new Set([...az, tm]));
  }, 60_000);
});

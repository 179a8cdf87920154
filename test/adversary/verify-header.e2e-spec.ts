import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TrustStore, verifyReplay } from '@cix/event-store';
import { call, eventually, minimalSeizure } from '../support/http.js';
import { startPlatform, token } from '../support/platform.js';
import { testKeys } from '../support/test-env.js';

// ADVERSARY (item 15): the export's header line is not signed, yet it decides how strictly the
// events are held against the signed checkpoints (`complete`, `expected`, `agencies`).
describe('adversary: cix verify trusts the unsigned header', () => {
  let p: Awaited<ReturnType<typeof startPlatform>>;
  let nodeExport: string[];
  let hubExport: string[];
  const trust = () => {
    const t = new TrustStore();
    for (const [a, k] of Object.entries(testKeys.nodes)) t.add(a, k.keyId, readFileSync(k.pub));
    return t.add('HUB', testKeys.hub.keyId, readFileSync(testKeys.hub.pub));
  };
  const verify = (lines: string[]) => verifyReplay((async function* () { yield* lines; })(), trust());
  const isCp = (l: string) => 'checkpoint' in JSON.parse(l);
  const header = (l: string[], patch: Record<string, unknown>, drop: string[] = []) => {
    const h = { ...JSON.parse(l[0]), ...patch };
    for (const k of drop) delete h[k];
    return JSON.stringify(h);
  };

  beforeAll(async () => {
    p = await startPlatform(['KZ']);
    const officer = await token('KZ', 'officer', 'KZ-AKTAU');
    for (let i = 0; i < 20; i++) expect((await call('POST', `${p.nodes.KZ.url}/api/alerts`, { token: officer, body: minimalSeizure() })).status).toBe(201);
    const auditor = await token('KZ', 'auditor');
    nodeExport = (await call('GET', `${p.nodes.KZ.url}/api/audit/events`, { token: auditor })).body.trim().split('\n');
    await eventually(async () => JSON.parse((await call('GET', `${p.hub.url}/api/audit/events?agency=KZ`, { token: auditor })).body.split('\n')[0]).expected === 20, 'hub has all');
    // some access records in the hub's own log
    for (let i = 0; i < 3; i++) await call('GET', `${p.hub.url}/api/alerts`, { token: officer });
    await new Promise((r) => setTimeout(r, 300));
    hubExport = (await call('GET', `${p.hub.url}/api/audit/events`, { token: auditor })).body.trim().split('\n');
  }, 120_000);
  afterAll(() => p?.close());

  it('sanity: the untouched exports verify', async () => {
    expect(await verify(nodeExport)).toMatchObject({ intact: true, complete: true });
    expect(await verify(hubExport)).toMatchObject({ intact: true, complete: true });
  });

  it('a node export cut after 8 of 20 events, checkpoint kept, header flipped to complete:false and expected:8, is not intact', async () => {
    const events = nodeExport.slice(1).filter((l) => !isCp(l));
    const cut = [header(nodeExport, { complete: false, expected: 8 }), ...events.slice(0, 8), ...nodeExport.filter(isCp)];
    const v = await verify(cut);
    expect(v.intact).toBe(false);
  });

  it('the same cut with `expected` removed from the header is not intact either', async () => {
    const events = nodeExport.slice(1).filter((l) => !isCp(l));
    const cut = [header(nodeExport, { complete: false }, ['expected']), ...events.slice(0, 8), ...nodeExport.filter(isCp)];
    expect((await verify(cut)).intact).toBe(false);
  });

  it("a hub export with one agency's events and checkpoint removed (and the header's agencies edited) is not intact", async () => {
    // Drop the hub's own access log (who read what) entirely.
    const kept = hubExport.slice(1).filter((l) => (isCp(l) ? JSON.parse(l).checkpoint.agency : JSON.parse(l).agency) !== 'HUB');
    expect(kept.length).toBeLessThan(hubExport.length - 2);
    const hdr = JSON.parse(hubExport[0]);
    const edited = [header(hubExport, { agencies: hdr.agencies.filter((a: string) => a !== 'HUB'), expected: kept.filter((l) => !isCp(l)).length }), ...kept];
    expect((await verify(edited)).intact).toBe(false);
  });
});

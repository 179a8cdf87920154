import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { call, eventually, minimalSeizure } from '../support/http.js';
import { startPlatform, token } from '../support/platform.js';

// ADVERSARY (items 4/13, "one caller's input can't fail another's"): an ordinary officer's amendment
// that clears a list field with `null` is accepted by the node, but the hub's trend projection
// dereferences it (trend-cells.ts: c.parties.filter / c.containers.map / c.occurredAt.slice), throws
// a TypeError, and the JetStream transport retries it forever: every later event of the agency
// stops reaching the region.
describe.each([['parties'], ['containers'], ['occurredAt']])('adversary: amendment %s: null', (field) => {
  let p: Awaited<ReturnType<typeof startPlatform>>;
  let kz: string;
  beforeAll(async () => {
    p = await startPlatform(['KZ']);
    kz = await token('KZ', 'officer', 'KZ-AKTAU');
  }, 60_000);
  afterAll(() => p?.close());

  it(`is refused with 400, or else does not stop the agency's later events reaching the hub`, async () => {
    const raised = await call('POST', `${p.nodes.KZ.url}/api/alerts`, { token: kz, body: minimalSeizure({ parties: [{ role: 'shipper', name: 'Acme LLC' }] }) });
    expect(raised.status).toBe(201);
    await eventually(async () => (await call('GET', `${p.hub.url}/api/alerts/${raised.body.id}`, { token: kz })).status === 200, 'first alert on hub');
    const amend = await call('POST', `${p.nodes.KZ.url}/api/alerts/${raised.body.id}/amendments`, { token: kz, body: { expectedVersion: 1, changes: { [field]: null } } });
    if (amend.status === 400) return; // refused at the edge: fine
    expect(amend.status).toBe(200);
    const later = await call('POST', `${p.nodes.KZ.url}/api/alerts`, { token: kz, body: minimalSeizure() });
    expect(later.status).toBe(201);
    let reached = true;
    await eventually(async () => (await call('GET', `${p.hub.url}/api/alerts/${later.body.id}`, { token: kz })).status === 200, 'later alert on hub', 10_000)
      .catch(() => { reached = false; });
    const health = await call('GET', `${p.hub.url}/health`, { token: await token('CCP', 'coordinator') });
    expect({ reached, stalled: health.body.consumers?.stalled }).toEqual({ reached: true, stalled: {} });
  }, 60_000);
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { call, eventually, minimalSeizure } from './support/http.js';
import { startPlatform, token } from './support/platform.js';

// The whole path: KZ officer posts on the KZ node → KZ's store → outbox relay → JetStream →
// hub consumer → hub read model → GET on the hub, under each caller's access rules.
describe('walking skeleton: a PCU post reaches the regional view', () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  let kz: string, az: string, tm: string, coordinator: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    platform = await startPlatform(['AZ', 'KZ', 'TM']);
    [kz, az, tm, coordinator] = await Promise.all([
      token('KZ', 'officer', 'KZ-AKTAU'),
      token('AZ', 'officer', 'AZ-ALYAT'),
      token('TM', 'officer', 'TM-TURKMENBASHI'),
      token('CCP', 'coordinator'),
    ]);
    const post = async (name: string, distribution: unknown) => {
      const r = await call('POST', `${platform.nodes.KZ.url}/api/alerts`, { token: kz, body: minimalSeizure({ distribution }) });
      expect(r.status).toBe(201);
      ids[name] = r.body.id;
    };
    await post('regional', { level: 'regional' });
    await post('toAz', { level: 'bilateral', recipients: ['AZ'] });
    await post('toTm', { level: 'bilateral', recipients: ['TM'] });
    await post('kzOnly', { level: 'agency' });
    await post('last', { level: 'regional' });
    // Everything has crossed once the last post is visible: the relay publishes in order.
    await eventually(async () => (await call('GET', `${platform.hub.url}/api/alerts/${ids.last}`, { token: kz })).status === 200, 'last alert on the hub');
  }, 120_000);

  afterAll(() => platform?.close());

  it('stores the alert on the KZ node with an id and version 1', async () => {
    const r = await call('GET', `${platform.nodes.KZ.url}/api/alerts/${ids.regional}`, { token: kz });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: ids.regional, agency: 'KZ', version: 1, status: 'open', containers: ['CSQU3054383'] });
    expect(r.body.history).toHaveLength(1);
  });

  it('shows the KZ officer every shared KZ alert on the hub', async () => {
    const r = await call('GET', `${platform.hub.url}/api/alerts`, { token: kz });
    expect(r.status).toBe(200);
    const seen = r.body.items.map((i: { id: string }) => i.id);
    expect(seen).toEqual(expect.arrayContaining([ids.regional, ids.toAz, ids.toTm, ids.last]));
    expect(r.body.items.find((i: { id: string }) => i.id === ids.regional)).toMatchObject({
      agency: 'KZ',
      kind: 'seizure',
      distribution: { level: 'regional', recipients: [] },
    });
  });

  it('never sends an agency-only alert to the hub', async () => {
    const r = await call('GET', `${platform.hub.url}/api/alerts/${ids.kzOnly}`, { token: kz });
    expect(r.status).toBe(404);
  });

  it('shows an AZ officer only what KZ shared with AZ, and 404 for the rest', async () => {
    const list = await call('GET', `${platform.hub.url}/api/alerts`, { token: az });
    expect(list.body.items.map((i: { id: string }) => i.id).sort()).toEqual([ids.regional, ids.toAz, ids.last].sort());
    expect((await call('GET', `${platform.hub.url}/api/alerts/${ids.toAz}`, { token: az })).status).toBe(200);
    const hidden = await call('GET', `${platform.hub.url}/api/alerts/${ids.toTm}`, { token: az });
    const absent = await call('GET', `${platform.hub.url}/api/alerts/00000000-0000-4000-8000-000000000000`, { token: az });
    expect(hidden.status).toBe(404);
    expect(hidden.body).toEqual(absent.body);
    expect((await call('GET', `${platform.hub.url}/api/alerts/${ids.kzOnly}`, { token: az })).status).toBe(404);
  });

  it('answers an unknown route in the documented error shape, like any other 404', async () => {
    for (const url of [`${platform.hub.url}/api/nope`, `${platform.nodes.KZ.url}/api/alerts/x/nope`]) {
      const r = await call('GET', url, { token: kz });
      expect(r.status).toBe(404);
      expect(r.body).toEqual({ code: 'RESOURCE.NOT_FOUND', message: 'not found' });
    }
  });

  it('shows the TM officer the alert shared with TM but not the one shared with AZ', async () => {
    const list = await call('GET', `${platform.hub.url}/api/alerts`, { token: tm });
    const seen = list.body.items.map((i: { id: string }) => i.id);
    expect(seen).toContain(ids.toTm);
    expect(seen).not.toContain(ids.toAz);
  });

  it('shows the coordinator regional alerts only', async () => {
    const list = await call('GET', `${platform.hub.url}/api/alerts`, { token: coordinator });
    expect(list.body.items.map((i: { id: string }) => i.id).sort()).toEqual([ids.regional, ids.last].sort());
  });

  it('finds an alert by container number, with spaces and dashes as on a manifest', async () => {
    const r = await call('GET', `${platform.hub.url}/api/alerts?container=${encodeURIComponent('CSQU 305438-3')}`, { token: az });
    expect(r.status).toBe(200);
    expect(r.body.items.map((i: { id: string }) => i.id)).toContain(ids.toAz);
  });

  it('refuses the hub view without a token (401) and with a forged one', async () => {
    expect((await call('GET', `${platform.hub.url}/api/alerts`)).status).toBe(401);
    const [h, p] = kz.split('.');
    expect((await call('GET', `${platform.hub.url}/api/alerts`, { token: `${h}.${p}.AAAA` })).status).toBe(401);
  });

  it('the KZ node refuses tokens of another agency', async () => {
    expect((await call('GET', `${platform.nodes.KZ.url}/api/alerts`, { token: az })).status).toBe(401);
  });

  it('reports health on every service', async () => {
    for (const url of [platform.hub.url, platform.nodes.KZ.url]) {
      const r = await call('GET', `${url}/health`);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ status: 'ok', database: 'up', nats: 'up' });
    }
    const kzHealth = await call('GET', `${platform.nodes.KZ.url}/health`, { token: await token('KZ', 'auditor') });
    expect(kzHealth.body.relay).toMatchObject({ leader: true, lag: 0, checkpoint: 5 });
  });
});

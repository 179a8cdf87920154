import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import pg from 'pg';
import { eventSubject, natsInboxPrefix, type SignedEvent } from '@cix/contracts';
import { signEvent } from '@cix/event-store';
import { call, eventually, minimalSeizure } from './support/http.js';
import { startPlatform, token } from './support/platform.js';

async function asUser(url: string, user: { user: string; password: string }): Promise<{ nc: NatsConnection; errors: string[] }> {
  const errors: string[] = [];
  const nc = await connect({ servers: url, user: user.user, pass: user.password, inboxPrefix: natsInboxPrefix(user.user) });
  void (async () => {
    for await (const s of nc.status()) if (s.type === 'error') errors.push(String(s.error));
  })();
  return { nc, errors };
}

// The bus is not trusted blindly: NATS permissions per agency, and the hub verifies what arrives.
describe('bus security', () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  let kz: string;

  beforeAll(async () => {
    platform = await startPlatform(['AZ', 'KZ']);
    kz = await token('KZ', 'officer', 'KZ-AKTAU');
  }, 60_000);
  afterAll(() => platform?.close());

  it("KZ's node credentials cannot publish on AZ's subjects", async () => {
    const { nc, errors } = await asUser(platform.nats.url, platform.nats.users.KZ);
    try {
      nc.publish(eventSubject('AZ', 'AlertRaised'), '{}');
      await nc.flush();
      await eventually(async () => errors.some((e) => /permissions violation/i.test(e)), 'a permissions violation');
      await expect(jetstream(nc, { timeout: 2000 }).publish(eventSubject('AZ', 'AlertRaised'), '{}')).rejects.toThrow();
    } finally {
      await nc.close();
    }
  });

  it("the hub's credentials cannot publish events at all", async () => {
    const { nc, errors } = await asUser(platform.nats.url, platform.nats.users.hub);
    try {
      nc.publish(eventSubject('KZ', 'AlertRaised'), '{}');
      await nc.flush();
      await eventually(async () => errors.some((e) => /permissions violation/i.test(e)), 'a permissions violation');
    } finally {
      await nc.close();
    }
  });

  it('quarantines a forged event and poison messages, and keeps applying genuine events after them', async () => {
    const first = await call('POST', `${platform.nodes.KZ.url}/api/alerts`, { token: kz, body: minimalSeizure() });
    await eventually(
      async () => (await call('GET', `${platform.hub.url}/api/alerts/${first.body.id}`, { token: kz })).status === 200,
      'first alert on the hub',
    );

    // Someone holding KZ's NATS credentials, but not KZ's signing key, injects the next position.
    const hubDb = new pg.Client({ connectionString: platform.hub.databaseUrl });
    await hubDb.connect();
    const [{ position, hash }] = (await hubDb.query(`SELECT position, hash FROM hub_checkpoints WHERE agency = 'KZ'`)).rows;
    const forged: SignedEvent = signEvent(
      {
        agency: 'KZ',
        position: Number(position) + 1,
        eventId: '11111111-1111-4111-8111-111111111111',
        streamId: 'alert-forged',
        streamVersion: 1,
        type: 'AlertRaised',
        schemaVersion: 1,
        metadata: { actor: 'mallory', agency: 'KZ', correlationId: 'x' },
        payload: {
          alertId: '11111111-1111-4111-8111-111111111111',
          agency: 'KZ',
          distribution: { level: 'regional', recipients: [] },
          content: minimalSeizure(),
        },
        occurredAt: new Date().toISOString(),
        recordedAt: new Date().toISOString(),
        prevHash: hash,
      },
      { keyId: JSON.parse(process.env.CIX_TEST_KEYS!).nodes.KZ.keyId, privateKey: generateKeyPairSync('ed25519').privateKey },
    );
    const { nc } = await asUser(platform.nats.url, platform.nats.users.KZ);
    const js = jetstream(nc);
    await js.publish(eventSubject('KZ', 'AlertRaised'), JSON.stringify(forged));
    await js.publish(eventSubject('KZ', 'AlertRaised'), 'this is not JSON');
    await js.publish(eventSubject('KZ', 'AlertRaised'), JSON.stringify({ hello: 'world' }));
    await nc.close();

    const next = await call('POST', `${platform.nodes.KZ.url}/api/alerts`, { token: kz, body: minimalSeizure() });
    await eventually(
      async () => (await call('GET', `${platform.hub.url}/api/alerts/${next.body.id}`, { token: kz })).status === 200,
      'genuine event after the forged one',
    );
    expect((await call('GET', `${platform.hub.url}/api/alerts/11111111-1111-4111-8111-111111111111`, { token: kz })).status).toBe(404);

    const reasons = (await hubDb.query(`SELECT reason FROM hub_quarantine WHERE agency = 'KZ' ORDER BY id`)).rows.map((r) => r.reason);
    await hubDb.end();
    expect(reasons).toEqual([expect.stringMatching(/bad-signature/), 'invalid JSON', expect.stringMatching(/missing agency/)]);
    const health = await call('GET', `${platform.hub.url}/health`, { token: await token('CCP', 'coordinator') });
    expect(health.body.quarantined).toBe(3);
  }, 60_000);
});

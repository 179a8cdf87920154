import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { natsInboxPrefix, streamName, type WireEvent } from '@cix/contracts';
import { ProjectionService } from '../apps/regional-hub/src/projection/projection.service.js';
import { call, eventually, minimalSeizure } from './support/http.js';
import { startPlatform, token } from './support/platform.js';

/** A fingerprint of everything the projection writes. */
async function fingerprint(databaseUrl: string): Promise<string> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  const [{ f }] = (
    await c.query(`SELECT md5(
      coalesce((SELECT string_agg(id || ':' || version || ':' || status || ':' || level || ':' || state::text, '|' ORDER BY id) FROM hub_alerts), '') ||
      coalesce((SELECT string_agg(alert_id || ':' || agency || ':' || feedback_id || ':' || payload::text, '|' ORDER BY alert_id, agency) FROM hub_feedback), '') ||
      coalesce((SELECT string_agg(agency || ':' || position || ':' || hash, '|' ORDER BY agency) FROM hub_checkpoints), '') ||
      (SELECT count(*) FROM hub_quarantine)::text) AS f`)
  ).rows;
  await c.end();
  return f;
}

describe('exactly-once projection', () => {
  let p: Awaited<ReturnType<typeof startPlatform>>;

  beforeAll(async () => {
    p = await startPlatform(['AZ', 'KZ']);
    const [kz, az] = await Promise.all([token('KZ', 'officer', 'KZ-AKTAU'), token('AZ', 'officer', 'AZ-ALYAT')]);
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await call('POST', `${p.nodes.KZ.url}/api/alerts`, {
        token: kz,
        body: minimalSeizure({ kind: 'high-risk-consignment', quantity: undefined, distribution: { level: i % 3 ? 'regional' : 'agency' } }),
      });
      ids.push(r.body.id);
    }
    await call('POST', `${p.nodes.KZ.url}/api/alerts/${ids[1]}/amendments`, {
      token: kz,
      body: { expectedVersion: 1, changes: { recommendedAction: 'inspect on arrival' } },
    });
    await eventually(async () => (await call('GET', `${p.hub.url}/api/alerts/${ids[1]}`, { token: az })).body?.version === 2, 'amendment on the hub');
    const fb = await call('POST', `${p.nodes.AZ.url}/api/feedback`, { token: az, body: { alertId: ids[2], outcome: 'nothing-found' } });
    expect(fb.status).toBe(201);
    await eventually(async () => (await call('GET', `${p.hub.url}/api/alerts/${ids[2]}`, { token: kz })).body?.feedback?.length === 1, 'feedback on the hub');
  }, 90_000);
  afterAll(() => p?.close());

  it('a redelivery of every event after its commit (as when the hub dies between commit and ack) changes nothing', async () => {
    const before = await fingerprint(p.hub.databaseUrl);
    const projection = p.hub.app.get(ProjectionService);
    const nc = await connect({
      servers: p.nats.url,
      user: p.nats.users.operator.user,
      pass: p.nats.users.operator.password,
      inboxPrefix: natsInboxPrefix(p.nats.users.operator.user),
    });
    let redelivered = 0;
    try {
      for (const agency of ['AZ', 'KZ']) {
        const jsm = await jetstreamManager(nc);
        const total = (await jsm.streams.info(streamName(agency))).state.messages;
        await jsm.consumers.add(streamName(agency), { durable_name: `replay-${agency}`, ack_policy: AckPolicy.None, deliver_policy: DeliverPolicy.All });
        const consumer = await jetstream(nc).consumers.get(streamName(agency), `replay-${agency}`);
        const batch: WireEvent[] = [];
        while (batch.length < total) for await (const m of await consumer.fetch({ max_messages: 100, expires: 2000 })) batch.push(m.json<WireEvent>());
        // The whole history again as one batch, and each event once more on its own.
        expect(await projection.applyBatch(agency, batch)).toEqual(batch.map(() => ({ kind: 'duplicate' })));
        for (const e of batch) expect(await projection.applyBatch(agency, [e])).toEqual([{ kind: 'duplicate' }]);
        redelivered += batch.length;
      }
    } finally {
      await nc.close();
    }
    expect(redelivered).toBe(12); // KZ: 10 raised (4 sealed) + 1 amendment; AZ: 1 feedback
    expect(await fingerprint(p.hub.databaseUrl)).toBe(before);
  });
});

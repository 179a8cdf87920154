import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { jetstream } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { alertStreamId, eventSubject, natsInboxPrefix } from '@cix/contracts';
import { loadSigningKey, signEvent, TrustStore } from '@cix/event-store';
import { rebuildProjections } from '@cix/read-model';
import { call, eventually, minimalSeizure } from './support/http.js';
import { startHub, startNode, token, type RunningNode } from './support/platform.js';
import { openStream } from './support/sse.js';
import { startTestNats, testKeys, type TestNats } from './support/test-env.js';

// The live consumer applies what JetStream delivered since its last commit as one batch (one
// transaction, checkpoint included): a backlog drains in a few transactions, not one per event,
// and the model it builds is the one a rebuild builds.
describe('the live hub applies a backlog in batches', () => {
  let nats: TestNats;
  let hub: Awaited<ReturnType<typeof startHub>>;
  let kzNode: RunningNode;
  let db: DataSource;
  let operator: NatsConnection;
  let kz: string;
  const BACKLOG = 300;

  const tail = async () => (await call('GET', `${kzNode.url}/health`, { token: await token('KZ', 'auditor') })).body.relay.tail as number;
  const ids = (rows: Array<{ id: string }>) => rows.map((r) => r.id);
  const hubOrder = async () => ids(await db.query(`SELECT id FROM hub_alerts WHERE agency = 'KZ' ORDER BY seq`));
  const nodeOrder = async () =>
    ids(
      await db.query(
        `SELECT a.id FROM hub_alerts a JOIN hub_event_log l ON l.agency = a.agency AND l.stream_id = 'alert-' || a.id AND l.type = 'AlertRaised'
          WHERE a.agency = 'KZ' ORDER BY l.position`,
      ),
    );
  const checkpoint = async () => Number((await db.query(`SELECT position FROM hub_checkpoints WHERE agency = 'KZ'`))[0]?.position ?? 0);

  beforeAll(async () => {
    nats = await startTestNats(['KZ']);
    hub = await startHub(nats, ['KZ']);
    kzNode = await startNode('KZ', nats, undefined, hub.url);
    kz = await token('KZ', 'officer', 'KZ-AKTAU');
    db = new DataSource({ type: 'postgres', url: hub.databaseUrl });
    await db.initialize();
    operator = await connect({
      servers: nats.url,
      user: nats.users.operator.user,
      pass: nats.users.operator.password,
      inboxPrefix: natsInboxPrefix(nats.users.operator.user),
    });
  }, 60_000);

  afterAll(async () => {
    await operator?.close();
    await db?.destroy();
    await hub?.app.close();
    await kzNode?.app.close();
    await nats?.stop();
  });

  it('drains a backlog published while it was down in a few transactions, checkpoint at the tail, equal to a rebuild', async () => {
    await hub.app.close();
    const levels = ['regional', 'agency', 'bilateral'] as const;
    for (let i = 0; i < BACKLOG; i++) {
      const level = levels[i % 3];
      const r = await call('POST', `${kzNode.url}/api/alerts`, {
        token: kz,
        body: minimalSeizure({
          quantity: { value: 1 + (i % 7) / 10, unit: 'kg' },
          distribution: level === 'bilateral' ? { level, recipients: ['AZ'] } : { level },
        }),
      });
      expect(r.status).toBe(201);
    }
    const end = await eventually(async () => ((await tail()) >= BACKLOG ? tail() : null), 'the node relayed its backlog');
    expect(await checkpoint()).toBeLessThan(end);

    hub = await startHub(nats, ['KZ'], { DATABASE_URL: hub.databaseUrl });
    await eventually(async () => (await checkpoint()) === end, 'the hub drained the backlog', 60_000);
    const [{ events, transactions }] = await db.query(
      `SELECT count(*)::int AS events, count(DISTINCT xmin::text)::int AS transactions FROM hub_event_log WHERE agency = 'KZ' AND position > $1`,
      [end - BACKLOG],
    );
    expect(events).toBe(BACKLOG);
    expect(transactions).toBeLessThanOrEqual(BACKLOG / 10);
    // National-only alerts are logged sealed, never projected.
    const [{ alerts }] = await db.query(`SELECT count(*)::int AS alerts FROM hub_alerts WHERE agency = 'KZ'`);
    expect(alerts).toBe(BACKLOG - BACKLOG / 3);
    // Many alerts to a batch: the hub's arrival order (seq, which lists page by) is still the node's.
    expect(await hubOrder()).toEqual(await nodeOrder());

    const trust = new TrustStore();
    for (const [a, k] of Object.entries(testKeys.nodes)) trust.add(a, k.keyId, readFileSync(k.pub));
    const report = await rebuildProjections({ db, nats: operator, agencies: ['KZ'], trust, restart: true });
    expect(report.swapped).toBe(true);
    expect(report.refused).toEqual([]);
    expect(report.rebuiltChecksum).toBe(report.liveChecksum);
    expect(await hubOrder()).toEqual(await nodeOrder());
  }, 180_000);

  it('announces each alert of a burst once on the live feed', async () => {
    const coordinator = await token('CCP', 'coordinator');
    const feed = await openStream(`${hub.url}/api/stream`, coordinator);
    try {
      await eventually(async () => feed.events.some((e) => e.type === 'ready'), 'feed ready');
      const posted = await Promise.all(
        Array.from({ length: 40 }, () => call('POST', `${kzNode.url}/api/alerts`, { token: kz, body: minimalSeizure() }).then((r) => r.body.id as string)),
      );
      await eventually(async () => posted.every((id) => feed.ids().includes(id)), 'every alert announced');
      await new Promise((r) => setTimeout(r, 300));
      expect(feed.ids().sort()).toEqual([...posted].sort());
    } finally {
      await feed.close();
    }
  }, 60_000);

  it('holds a batch it cannot write (database trouble), shows the agency stalled, and applies it when the database is back', async () => {
    const auditor = await token('CCP', 'auditor');
    const health = async () => (await call('GET', `${hub.url}/health`, { token: auditor })).body;
    const from = await checkpoint();
    await db.query('ALTER TABLE hub_event_log RENAME TO hub_event_log_away');
    try {
      for (let i = 0; i < 5; i++) expect((await call('POST', `${kzNode.url}/api/alerts`, { token: kz, body: minimalSeizure() })).status).toBe(201);
      await eventually(async () => (await health()).consumers.stalled.KZ, 'KZ shown stalled');
      expect(await checkpoint()).toBe(from);
    } finally {
      await db.query('ALTER TABLE hub_event_log_away RENAME TO hub_event_log');
    }
    await eventually(async () => (await checkpoint()) === from + 5, 'the held batch applied', 30_000);
    await eventually(async () => !(await health()).consumers.stalled.KZ, 'KZ no longer stalled');
    expect((await db.query(`SELECT count(*)::int AS n FROM hub_quarantine WHERE agency = 'KZ'`))[0].n).toBe(0);
  }, 60_000);

  // Last: the events signed here take positions the KZ node would use next.
  it('an event whose predecessor has not arrived waits for it, then both apply in order; a copy that is not genuine is refused', async () => {
    const [cp] = await db.query(`SELECT position, hash FROM hub_checkpoints WHERE agency = 'KZ'`);
    const [{ id, version }] = await db.query(`SELECT id, version FROM hub_alerts WHERE agency = 'KZ' AND level = 'regional' ORDER BY seq LIMIT 1`);
    const key = loadSigningKey(testKeys.nodes.KZ.key, testKeys.nodes.KZ.keyId);
    const amend = (position: number, prevHash: string, recommendedAction: string) =>
      signEvent(
        {
          agency: 'KZ',
          position,
          eventId: randomUUID(),
          streamId: alertStreamId(id),
          streamVersion: version + position - Number(cp.position),
          type: 'AlertAmended',
          schemaVersion: 1,
          payload: { alertId: id, changes: { recommendedAction } },
          metadata: { actor: 'kz-officer', agency: 'KZ', correlationId: randomUUID() },
          occurredAt: new Date().toISOString(),
          recordedAt: new Date().toISOString(),
          prevHash,
        },
        key,
      );
    const first = amend(Number(cp.position) + 1, cp.hash, 'hold');
    const second = amend(Number(cp.position) + 2, first.hash, 'release');
    const kzNats = await connect({
      servers: nats.url,
      user: nats.users.KZ.user,
      pass: nats.users.KZ.password,
      inboxPrefix: natsInboxPrefix(nats.users.KZ.user),
    });
    const quarantined = async () =>
      (await db.query(`SELECT reason FROM hub_quarantine WHERE agency = 'KZ' ORDER BY id`)).map((r: { reason: string }) => r.reason);
    try {
      const js = jetstream(kzNats);
      await js.publish(eventSubject('KZ', 'AlertAmended'), JSON.stringify(second));
      // Held in memory while it waits (not re-queued with a growing delay: 4 s of that put its next
      // try 3.5 s after the gap closed), so it applies as soon as its predecessor arrives.
      await new Promise((r) => setTimeout(r, 4000));
      expect(await checkpoint()).toBe(Number(cp.position));
      expect(await quarantined()).toEqual([]);
      await js.publish(eventSubject('KZ', 'AlertAmended'), JSON.stringify(first));
      await js.publish(eventSubject('KZ', 'AlertAmended'), JSON.stringify({ ...first, signature: second.signature }));
      await eventually(async () => (await checkpoint()) === Number(cp.position) + 2, 'both applied once the gap closed', 1500);
      await eventually(async () => (await quarantined()).length === 1, 'the copy refused');
    } finally {
      await kzNats.close();
    }
    const [row] = await db.query('SELECT version, state FROM hub_alerts WHERE id = $1', [id]);
    expect(row.version).toBe(version + 2);
    expect(row.state.content.recommendedAction).toBe('release');
    expect(await quarantined()).toEqual([`event ${first.eventId} at position ${first.position} refused: bad-signature`]);
  }, 60_000);
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { projectBatch } from '@cix/read-model';
import { eventually } from './support/http.js';
import { nodeTrust as trust, openHubDatabase, project, raisedPayload, SignedLog } from './support/signed-log.js';

// The hub lists alerts newest first by `seq`, the order it took them in. Within one agency that
// must be the agency's own order (its log positions), however many of its alerts share a batch;
// writing a batch's rows in id order (so concurrent batches raising the same ids wait instead of
// deadlocking) once gave them `seq` in id order, a random order for random ids (officer-api flake).
// The projector is driven directly: how many alerts share a batch is hard to force through the bus.

const raised = (agency: string, alertId: string) => raisedPayload(agency, alertId);

describe("the hub's arrival order follows each agency's order", () => {
  let db: DataSource;
  const logs = { AZ: new SignedLog('AZ'), KZ: new SignedLog('KZ'), TM: new SignedLog('TM') };
  beforeAll(async () => {
    db = await openHubDatabase('arrivalorder');
  });
  afterAll(async () => db?.destroy());

  const raise = (agency: keyof typeof logs, id: string) => logs[agency].next(`alert-${id}`, 1, 'AlertRaised', raised(agency, id));
  const bySeq = async (ids: readonly string[]) =>
    (await db.query<Array<{ id: string }>>('SELECT id FROM hub_alerts WHERE id = ANY($1::uuid[]) ORDER BY seq', [ids])).map((r) => r.id);

  it('alerts raised in one batch take seq in the order of their positions, not of their ids; an amended alert keeps its seq', async () => {
    const earlier = randomUUID();
    await project(db, 'KZ', [raise('KZ', earlier)]);
    // Ids falling while positions rise: any ordering by id shows.
    const ids = Array.from({ length: 12 }, () => randomUUID()).sort((a, b) => (a < b ? 1 : -1));
    const amended = logs.KZ.next(`alert-${earlier}`, 2, 'AlertAmended', { alertId: earlier, changes: { recommendedAction: 'x-ray' } });
    const batch = [raise('KZ', ids[0]), amended, ...ids.slice(1).map((id) => raise('KZ', id))];
    expect((await project(db, 'KZ', batch)).outcomes.map((o) => o.kind)).toEqual(batch.map(() => 'applied'));
    expect(await bySeq([earlier, ...ids])).toEqual([earlier, ...ids]);
  });

  it('two agencies raising the same ids in opposite orders, in concurrent batches, wait for each other instead of deadlocking', async () => {
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()].sort();
    const runners = [db.createQueryRunner(), db.createQueryRunner(), db.createQueryRunner()];
    const [tm, az, kz] = runners;
    const blocked = async (n: number) => {
      const [r] = await db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
      return r.n >= n;
    };
    try {
      for (const q of runners) {
        await q.connect();
        await q.startTransaction();
      }
      // TM holds b, so both batches stop inside their inserts, holding whatever they took before b.
      await projectBatch(tm, 'TM', [raise('TM', b)], { schema: 'public', trust, mode: 'live' });
      const azBatch = projectBatch(az, 'AZ', [raise('AZ', c), raise('AZ', b), raise('AZ', a)], { schema: 'public', trust, mode: 'live' });
      await eventually(() => blocked(1), "AZ's batch waiting on TM's row");
      const kzBatch = projectBatch(kz, 'KZ', [raise('KZ', a), raise('KZ', b), raise('KZ', c)], { schema: 'public', trust, mode: 'live' });
      await eventually(() => blocked(2), "KZ's batch waiting too");
      await tm.commitTransaction();
      const azResult = await azBatch;
      await az.commitTransaction();
      const kzResult = await kzBatch;
      await kz.commitTransaction();
      // AZ took a first (ids in order), so it won a and c; KZ lost all three.
      expect(azResult.refusals.map((r) => r.reason)).toEqual([`alert ${b} belongs to TM; event of AZ refused`]);
      expect(kzResult.refusals).toHaveLength(3);
    } finally {
      for (const q of runners) {
        if (q.isTransactionActive) await q.rollbackTransaction().catch(() => undefined);
        await q.release();
      }
    }
    const owners = await db.query<Array<{ id: string; agency: string }>>('SELECT id, agency FROM hub_alerts WHERE id = ANY($1::uuid[]) ORDER BY id', [
      [a, b, c],
    ]);
    expect(owners.map((r) => r.agency)).toEqual(['AZ', 'TM', 'AZ']);
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { type SignedEvent } from '@cix/contracts';
import { finishShadow, prepareShadow, projectBatch, readModelChecksum, SHADOW, type BatchResult } from '@cix/read-model';
import { nodeTrust as trust, openHubDatabase, project, SignedLog as Chain } from '../support/signed-log.js';

// A rebuild must reach the model the live hub built, even where the live hub's decision depended
// on the order two agencies' streams arrived in (which a rebuild, reading one agency after
// another, does not see). The projector is driven directly against PostgreSQL: the orders that
// matter here are hard to force through the bus.

const raised = (agency: string, id: string, category: string, distribution: unknown = { level: 'regional', recipients: [] }) => ({
  alertId: id,
  agency,
  content: {
    kind: 'seizure',
    unit: `${agency}-1`,
    occurredAt: '2026-11-20T08:00:00Z',
    commodity: { category, description: 'd', hsCode: '293911' },
    quantity: { value: 1, unit: 'kg' },
    containers: ['CSQU3054383'],
    parties: [],
    route: { departure: 'AF', transit: ['TM'], destination: 'AZ' },
    handlingCode: 'H1',
  },
  distribution,
  feedbackDueAt: '2026-12-20T08:00:00.000Z',
  expiresAt: '2027-11-20T08:00:00.000Z',
});

describe('rebuild equality: decisions that depended on the order of two streams', () => {
  let db: DataSource;
  let chains: Record<string, Chain>;
  beforeAll(async () => {
    db = await openHubDatabase('rebuildeq');
    chains = { AZ: new Chain('AZ'), KZ: new Chain('KZ'), TM: new Chain('TM') };
  });
  afterAll(async () => db?.destroy());

  const live = (agency: string, events: readonly SignedEvent[]) => project(db, agency, events);
  /** A rebuild of every agency's whole log into the shadow schema, agencies in the CLI's order; its batch results. */
  const rebuild = async () => {
    await prepareShadow(db, true);
    const results: BatchResult[] = [];
    for (const a of ['AZ', 'KZ', 'TM']) if (chains[a].events.length) results.push(await project(db, a, chains[a].events, { schema: SHADOW, mode: 'rebuild' }));
    await finishShadow(db);
    return { contested: results.flatMap((r) => r.contested), live: await readModelChecksum(db, 'public'), rebuilt: await readModelChecksum(db, SHADOW) };
  };
  const feedbackOn = async (schema: string, id: string) =>
    (await db.query(`SELECT agency FROM ${schema}.hub_feedback WHERE alert_id = $1 ORDER BY agency`, [id])).map((r: { agency: string }) => r.agency);

  let narrowed: string;
  let feedback: SignedEvent;

  it('feedback given while the alert was shared stays after the owner narrows it, live and rebuilt, and nothing is quarantined for it', async () => {
    narrowed = randomUUID();
    await live('KZ', [chains.KZ.next(`alert-${narrowed}`, 1, 'AlertRaised', raised('KZ', narrowed, 'narrowed'))]);
    feedback = chains.TM.next(`feedback-KZ-${narrowed}`, 1, 'FeedbackGiven', {
      feedbackId: randomUUID(),
      alert: { agency: 'KZ', alertId: narrowed },
      agency: 'TM',
      outcome: 'no-seizure',
    });
    expect((await live('TM', [feedback])).refusals).toEqual([]);
    await live('KZ', [
      chains.KZ.next(`alert-${narrowed}`, 2, 'AlertDistributionChanged', {
        alertId: narrowed,
        distribution: { level: 'bilateral', recipients: ['AZ'] },
        previous: { level: 'regional', recipients: [] },
      }),
    ]);
    expect(await feedbackOn('public', narrowed)).toEqual(['TM']);

    // The rebuild reads KZ (the narrowed alert) before TM's feedback.
    const first = await rebuild();
    expect(await feedbackOn(SHADOW, narrowed)).toEqual(['TM']);
    expect(first.rebuilt).toBe(first.live);
    expect(first.contested).toEqual([]);
    // No refusal the live hub never made lands in its quarantine, so a second rebuild ends the same.
    const [q] = await db.query(`SELECT count(*)::int AS n FROM hub_quarantine WHERE agency = 'TM'`);
    expect(q.n).toBe(0);
    const second = await rebuild();
    expect(second.rebuilt).toBe(second.live);
  });

  it('two agencies raising one id in concurrent batches: the raise that lost is refused, quarantined and counted nowhere', async () => {
    const id = randomUUID();
    const tmRaise = chains.TM.next(`alert-${id}`, 1, 'AlertRaised', raised('TM', id, 'race-tm'));
    const azRaise = chains.AZ.next(`alert-${id}`, 1, 'AlertRaised', raised('AZ', id, 'race-az'));
    // In the same batch, feedback in AZ's name on "its" alert: attached to TM's alert once AZ lost it, unless checked again.
    const azFeedback = chains.AZ.next(`feedback-AZ-${id}`, 1, 'FeedbackGiven', {
      feedbackId: randomUUID(),
      alert: { agency: 'AZ', alertId: id },
      agency: 'AZ',
      outcome: 'no-seizure',
    });
    const q1 = db.createQueryRunner();
    const q2 = db.createQueryRunner();
    await Promise.all([q1.connect(), q2.connect()]);
    await q1.startTransaction();
    await q2.startTransaction();
    await projectBatch(q1, 'TM', [tmRaise], { schema: 'public', trust, mode: 'live' });
    // AZ's batch waits on TM's uncommitted row, then finds it taken.
    const az = projectBatch(q2, 'AZ', [azRaise, azFeedback], { schema: 'public', trust, mode: 'live' });
    await new Promise((r) => setTimeout(r, 300));
    await q1.commitTransaction();
    const r2 = await az;
    await q2.commitTransaction();
    await Promise.all([q1.release(), q2.release()]);

    expect(r2.refusals.map((r) => r.reason)).toEqual([
      `alert ${id} belongs to TM; event of AZ refused`,
      `alert ${id} belongs to TM; feedback of AZ names AZ; refused`,
    ]);
    expect(await feedbackOn('public', id)).toEqual([]);
    expect(r2.changes).toEqual([]);
    const [row] = await db.query('SELECT agency FROM hub_alerts WHERE id = $1', [id]);
    expect(row.agency).toBe('TM');
    const cells = await db.query(`SELECT key, count FROM hub_trend_cells WHERE dimension = 'commodity' AND key LIKE 'race-%' AND count <> 0 ORDER BY key`);
    expect(cells).toEqual([{ key: 'race-tm', count: 1 }]);
    const [log] = await db.query(`SELECT refusal FROM hub_event_log WHERE agency = 'AZ' AND position = $1`, [azRaise.position]);
    expect(log.refusal).toMatch(/belongs to TM/);
    const [q] = await db.query(`SELECT count(*)::int AS n FROM hub_quarantine WHERE agency = 'AZ' AND subject = 'projection' AND stream_sequence = $1`, [
      azRaise.position,
    ]);
    expect(q.n).toBe(1);

    // The rebuild reads AZ first, and repeats the live hub's refusal.
    const r = await rebuild();
    expect(r.rebuilt).toBe(r.live);
    expect(r.contested).toEqual([]);
  });

  it("without the live hub's decision (its event log lost), the rebuild decides by its order of reading and says so", async () => {
    await db.query(`DELETE FROM public.hub_event_log WHERE agency = 'TM' AND position = $1`, [feedback.position]);
    const r = await rebuild();
    expect(r.contested).toEqual([{ alertId: narrowed, owner: 'KZ', claimant: 'TM', position: feedback.position, about: 'feedback' }]);
    expect(await feedbackOn(SHADOW, narrowed)).toEqual([]);
    // Recorded for auditors, but as the rebuild's own refusal, never as a decision of the live hub.
    const subjects = await db.query(`SELECT subject FROM hub_quarantine WHERE agency = 'TM' AND stream_sequence = $1`, [feedback.position]);
    expect(subjects).toEqual([{ subject: 'rebuild' }]);
  });
});

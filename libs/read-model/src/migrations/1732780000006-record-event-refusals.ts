import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each received event says whether the hub applied it: an event the hub refused (owner binding,
 * wrong shape, unknown type) stays in the log, since its agency's chain runs through it, but no
 * history, timeline or time travel may fold it into an alert. NULL: applied.
 */
export class RecordEventRefusals1732780000006 implements MigrationInterface {
  name = 'RecordEventRefusals1732780000006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE hub_event_log ADD COLUMN refusal text`);
    // A rebuild looks up the live hub's refusals by (agency, position) for every batch.
    await q.query(`CREATE INDEX hub_quarantine_projection_idx ON hub_quarantine (agency, stream_sequence) WHERE subject = 'projection'`);
    // Events refused before this column existed: the quarantine kept the hub's decision.
    await q.query(`UPDATE hub_event_log l SET refusal = q.reason FROM hub_quarantine q
                    WHERE q.subject = 'projection' AND q.agency = l.agency AND q.stream_sequence = l.position AND l.refusal IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX hub_quarantine_projection_idx`);
    await q.query(`ALTER TABLE hub_event_log DROP COLUMN refusal`);
  }
}

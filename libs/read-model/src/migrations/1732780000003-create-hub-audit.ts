import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What auditors replay and what records who read what. */
export class CreateHubAudit1732780000003 implements MigrationInterface {
  name = 'CreateHubAudit1732780000003';

  async up(q: QueryRunner): Promise<void> {
    // Every event the hub accepted, exactly as received (full or sealed), in each agency's order.
    await q.query(`
      CREATE TABLE hub_event_log (
        agency      text        NOT NULL,
        position    bigint      NOT NULL,
        event_id    uuid        NOT NULL,
        stream_id   text,
        type        text,
        recorded_at timestamptz,
        event       jsonb       NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (agency, position)
      )`);
    await q.query(`CREATE INDEX hub_event_log_stream_idx ON hub_event_log (stream_id, position)`);
    // The hub's own facts (the access log) live in an event store of its own: see hub.module.ts.
    await q.query(`CREATE INDEX hub_own_events_access_idx ON events ((payload->>'alertId'), global_position) WHERE type = 'AccessRecorded'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX hub_own_events_access_idx; DROP TABLE hub_event_log`);
  }
}

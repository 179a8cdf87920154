import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateEventStore1732780000000 implements MigrationInterface {
  name = 'CreateEventStore1732780000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE events (
        global_position bigint PRIMARY KEY,
        stream_id       text        NOT NULL,
        stream_version  integer     NOT NULL CHECK (stream_version > 0),
        event_id        uuid        NOT NULL UNIQUE,
        type            text        NOT NULL,
        schema_version  integer     NOT NULL DEFAULT 1,
        payload         jsonb       NOT NULL,
        metadata        jsonb       NOT NULL,
        occurred_at     timestamptz NOT NULL,
        recorded_at     timestamptz NOT NULL,
        prev_hash       char(64)    NOT NULL,
        hash            char(64)    NOT NULL,
        signature       text        NOT NULL,
        key_id          text        NOT NULL,
        confidential    boolean     NOT NULL DEFAULT false,
        UNIQUE (stream_id, stream_version)
      )`);
    // Append-only: the database itself refuses to change or delete history.
    await q.query(`
      CREATE FUNCTION events_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'events are append-only (% refused)', TG_OP; END $$`);
    await q.query(`CREATE TRIGGER events_no_update BEFORE UPDATE OR DELETE ON events FOR EACH ROW EXECUTE FUNCTION events_are_immutable()`);
    await q.query(`CREATE INDEX events_type_idx ON events (type, global_position)`);
    await q.query(`
      CREATE TABLE idempotency_keys (
        scope        text        NOT NULL,
        key          text        NOT NULL,
        request_hash char(64)    NOT NULL,
        result       jsonb       NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, key)
      )`);
    await q.query(`
      CREATE TABLE relay_checkpoint (
        id         smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        position   bigint      NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`INSERT INTO relay_checkpoint (position) VALUES (0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE relay_checkpoint; DROP TABLE idempotency_keys; DROP TABLE events; DROP FUNCTION events_are_immutable()`);
  }
}

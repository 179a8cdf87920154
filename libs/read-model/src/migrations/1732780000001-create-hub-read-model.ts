import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateHubReadModel1732780000001 implements MigrationInterface {
  name = 'CreateHubReadModel1732780000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE hub_alerts (
        id          uuid PRIMARY KEY,
        seq         bigserial   NOT NULL UNIQUE,
        agency      text        NOT NULL,
        kind        text        NOT NULL,
        unit        text        NOT NULL,
        status      text        NOT NULL,
        level       text        NOT NULL,
        recipients  text[]      NOT NULL DEFAULT '{}',
        occurred_at timestamptz NOT NULL,
        category    text        NOT NULL,
        hs_code     text,
        containers  text[]      NOT NULL DEFAULT '{}',
        expires_at  timestamptz NOT NULL,
        feedback_due_at timestamptz NOT NULL,
        state       jsonb       NOT NULL,
        version     integer     NOT NULL,
        raised_at   timestamptz NOT NULL,
        updated_at  timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX hub_alerts_agency_idx ON hub_alerts (agency, seq)`);
    await q.query(`CREATE INDEX hub_alerts_containers_idx ON hub_alerts USING gin (containers)`);
    await q.query(`CREATE INDEX hub_alerts_occurred_idx ON hub_alerts (occurred_at)`);
    // The latest feedback of each agency on each alert (a fact of the giving agency).
    await q.query(`
      CREATE TABLE hub_feedback (
        alert_id     uuid        NOT NULL,
        agency       text        NOT NULL,
        alert_agency text        NOT NULL,
        feedback_id  uuid        NOT NULL,
        outcome      text        NOT NULL,
        payload      jsonb       NOT NULL,
        given_at     timestamptz NOT NULL,
        PRIMARY KEY (alert_id, agency)
      )`);
    // Per agency: the last applied event, for idempotent, in-order, chain-checked projection.
    await q.query(`
      CREATE TABLE hub_checkpoints (
        agency     text PRIMARY KEY,
        position   bigint      NOT NULL,
        hash       char(64)    NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE hub_quarantine (
        id              bigserial PRIMARY KEY,
        agency          text        NOT NULL,
        subject         text        NOT NULL,
        stream_sequence bigint      NOT NULL,
        reason          text        NOT NULL,
        raw             text        NOT NULL,
        received_at     timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE hub_quarantine; DROP TABLE hub_checkpoints; DROP TABLE hub_feedback; DROP TABLE hub_alerts`);
  }
}

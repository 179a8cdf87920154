import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The node's own list view of its alerts, maintained inside the append transaction. */
export class CreateNodeAlerts1732780000002 implements MigrationInterface {
  name = 'CreateNodeAlerts1732780000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE node_alerts (
        id          uuid PRIMARY KEY,
        seq         bigint      NOT NULL UNIQUE,
        unit        text        NOT NULL,
        kind        text        NOT NULL,
        status      text        NOT NULL,
        category    text        NOT NULL,
        containers  text[]      NOT NULL,
        occurred_at timestamptz NOT NULL,
        expires_at  timestamptz NOT NULL,
        state       jsonb       NOT NULL
      )`);
    await q.query(`CREATE INDEX node_alerts_containers_idx ON node_alerts USING gin (containers)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE node_alerts`);
  }
}

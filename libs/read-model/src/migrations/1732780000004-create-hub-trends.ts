import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Seizure aggregates, maintained incrementally by the projection: one row per dimension, key, day
 * and sharing class (owner, level, recipients), so every trend query sums only the classes the
 * caller may see — the same policy as every other read, without scanning alerts or events.
 */
export class CreateHubTrends1732780000004 implements MigrationInterface {
  name = 'CreateHubTrends1732780000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE hub_trend_cells (
        dimension  text    NOT NULL,
        key        text    NOT NULL,
        day        date    NOT NULL,
        agency     text    NOT NULL,
        level      text    NOT NULL,
        recipients text[]  NOT NULL,
        count      integer NOT NULL,
        kg         numeric NOT NULL DEFAULT 0,
        litres     numeric NOT NULL DEFAULT 0,
        pieces     numeric NOT NULL DEFAULT 0,
        containers numeric NOT NULL DEFAULT 0,
        PRIMARY KEY (dimension, key, day, agency, level, recipients)
      )`);
    await q.query(`CREATE INDEX hub_trend_cells_day_idx ON hub_trend_cells (dimension, day)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE hub_trend_cells`);
  }
}

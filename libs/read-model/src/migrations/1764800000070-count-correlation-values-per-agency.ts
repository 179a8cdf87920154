import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The fan-out bound is judged per agency (issue 13, fan-out poisoning): `hub_correlation_values`
 * counts how many of each agency's alerts hold a value, so one agency's volume makes a value common
 * for that agency's alerts only, never between two others. The keys' lookup index leads with the
 * agency too, so a probe reads only the holders it may match. Both are derived: recomputed here.
 */
export class CountCorrelationValuesPerAgency1764800000070 implements MigrationInterface {
  name = 'CountCorrelationValuesPerAgency1764800000070';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE hub_correlation_values`);
    await q.query(`
      CREATE TABLE hub_correlation_values (
        kind   text    NOT NULL,
        value  text    NOT NULL,
        agency text    NOT NULL,
        alerts integer NOT NULL,
        PRIMARY KEY (kind, value, agency)
      )`);
    // For the coordinators' list (values over the bound, which is at least 2): most values are held
    // by one alert (a container), and leaving them out spares the projection an index write each.
    await q.query(`CREATE INDEX hub_correlation_values_alerts_idx ON hub_correlation_values (alerts) WHERE alerts > 1`);
    await q.query(
      `INSERT INTO hub_correlation_values SELECT kind, value, agency, count(DISTINCT alert_id) FROM hub_correlation_keys GROUP BY kind, value, agency`,
    );
    await q.query(`DROP INDEX hub_correlation_keys_value_idx`);
    await q.query(`CREATE INDEX hub_correlation_keys_value_idx ON hub_correlation_keys (kind, value, agency) INCLUDE (alert_id, shown)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX hub_correlation_keys_value_idx`);
    await q.query(`CREATE INDEX hub_correlation_keys_value_idx ON hub_correlation_keys (kind, value) INCLUDE (agency, alert_id, shown)`);
    await q.query(`DROP TABLE hub_correlation_values`);
    await q.query(`CREATE TABLE hub_correlation_values (kind text NOT NULL, value text NOT NULL, alerts integer NOT NULL, PRIMARY KEY (kind, value))`);
    await q.query(`CREATE INDEX hub_correlation_values_alerts_idx ON hub_correlation_values (alerts)`);
    await q.query(`INSERT INTO hub_correlation_values SELECT kind, value, count(DISTINCT alert_id) FROM hub_correlation_keys GROUP BY kind, value`);
  }
}

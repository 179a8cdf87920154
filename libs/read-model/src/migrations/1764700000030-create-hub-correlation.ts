import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { AlertState } from '@cix/contracts';
import { correlationRowsOf, writeKeyRows } from '../write/correlation-index.js';

/**
 * Cross-border correlation (issue 13). Derived, rebuilt by a rebuild: `hub_correlation_keys` (each
 * alert's canonical keys, looked up by (kind, value): never a scan of history) and
 * `hub_correlation_values` (how many alerts hold each value: the fan-out bound). Facts of the hub,
 * kept across rebuilds like the access log: `hub_matches`, `hub_hits` and the coordinators'
 * decisions on common values (`hub_correlation_common`).
 */
export class CreateHubCorrelation1764700000030 implements MigrationInterface {
  name = 'CreateHubCorrelation1764700000030';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE hub_correlation_keys (
        alert_id uuid NOT NULL,
        agency   text NOT NULL,
        kind     text NOT NULL,
        value    text NOT NULL,
        shown    text NOT NULL,
        PRIMARY KEY (alert_id, kind, value, shown)
      )`);
    await q.query(`CREATE INDEX hub_correlation_keys_value_idx ON hub_correlation_keys (kind, value) INCLUDE (agency, alert_id, shown)`);
    await q.query(`CREATE TABLE hub_correlation_values (kind text NOT NULL, value text NOT NULL, alerts integer NOT NULL, PRIMARY KEY (kind, value))`);
    await q.query(`CREATE INDEX hub_correlation_values_alerts_idx ON hub_correlation_values (alerts)`);
    await q.query(`
      CREATE TABLE hub_correlation_common (
        kind       text        NOT NULL,
        value      text        NOT NULL,
        decision   text        NOT NULL CHECK (decision IN ('common', 'not-common')),
        decided_by text        NOT NULL,
        decided_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (kind, value)
      )`);
    await q.query(`
      CREATE TABLE hub_matches (
        id       uuid        PRIMARY KEY,
        alert_a  uuid        NOT NULL,
        agency_a text        NOT NULL,
        alert_b  uuid        NOT NULL,
        agency_b text        NOT NULL,
        kind     text        NOT NULL,
        value_a  text        NOT NULL,
        value_b  text        NOT NULL,
        score    real        NOT NULL,
        found_at timestamptz NOT NULL DEFAULT now(),
        CHECK (alert_a < alert_b AND agency_a <> agency_b),
        UNIQUE (alert_a, alert_b, kind, value_a, value_b)
      )`);
    await q.query(`CREATE INDEX hub_matches_b_idx ON hub_matches (alert_b)`);
    await q.query(`CREATE INDEX hub_matches_found_idx ON hub_matches (found_at, id)`);
    await q.query(`
      CREATE TABLE hub_hits (
        id                 uuid        PRIMARY KEY,
        match_id           uuid        NOT NULL REFERENCES hub_matches (id),
        requester_agency   text        NOT NULL,
        requester_alert_id uuid        NOT NULL,
        owner_agency       text        NOT NULL,
        owner_alert_id     uuid        NOT NULL,
        kind               text        NOT NULL,
        requester_value    text        NOT NULL,
        owner_value        text        NOT NULL,
        found_at           timestamptz NOT NULL DEFAULT now(),
        UNIQUE (match_id, requester_agency)
      )`);
    await q.query(`CREATE INDEX hub_hits_requester_idx ON hub_hits (requester_agency, found_at)`);
    await q.query(`CREATE INDEX hub_hits_owner_idx ON hub_hits (owner_agency, found_at)`);
    // Alerts projected before this migration are indexed (found matches start with the next alert).
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = (await q.query(`SELECT id, state FROM hub_alerts WHERE id > $1 ORDER BY id LIMIT 500`, [after])) as Array<{ id: string; state: AlertState }>;
      if (!rows.length) return;
      await writeKeyRows(
        q,
        'public',
        rows.flatMap((r) => correlationRowsOf(r.state)),
      );
      after = rows[rows.length - 1].id;
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE hub_hits, hub_matches, hub_correlation_common, hub_correlation_values, hub_correlation_keys`);
  }
}

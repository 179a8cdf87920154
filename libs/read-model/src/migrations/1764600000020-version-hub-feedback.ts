import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Feedback is versioned (issue 11): a second answer amends the first and both stay. Each
 * (alert, giving agency) row keeps its current values at the top and every version the hub applied
 * in `versions` (oldest first, `{version, givenAt, payload}`), so a detail read needs no event-log
 * scan and effectiveness still counts one row per alert and agency. Rows written before this
 * change get their versions from the event log, in the same shape the projector writes, so a
 * rebuild still equals the live model.
 */
export class VersionHubFeedback1764600000020 implements MigrationInterface {
  name = 'VersionHubFeedback1764600000020';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE hub_feedback ADD COLUMN version integer NOT NULL DEFAULT 1, ADD COLUMN versions jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`
      UPDATE hub_feedback f SET version = v.version, versions = v.versions
        FROM (SELECT l.agency, l.event->'payload'->'alert'->>'alertId' AS alert_id, max((l.event->>'streamVersion')::int) AS version,
                     jsonb_agg(jsonb_build_object('version', (l.event->>'streamVersion')::int, 'givenAt', l.event->'recordedAt', 'payload', l.event->'payload')
                               ORDER BY l.position) AS versions
                FROM hub_event_log l WHERE l.type IN ('FeedbackGiven', 'FeedbackAmended') AND l.refusal IS NULL GROUP BY 1, 2) v
       WHERE f.agency = v.agency AND f.alert_id::text = lower(v.alert_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE hub_feedback DROP COLUMN versions, DROP COLUMN version`);
  }
}

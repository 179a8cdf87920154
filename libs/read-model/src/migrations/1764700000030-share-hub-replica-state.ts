import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What several hub replicas on one database must share (issue 15): stream tickets (one replica
 * issues, any replica redeems, once; only a digest of the ticket is stored) and the feed signals
 * too large for a NOTIFY payload (kept briefly, read by every replica's listener).
 */
export class ShareHubReplicaState1764700000030 implements MigrationInterface {
  name = 'ShareHubReplicaState1764700000030';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE hub_stream_tickets (digest bytea PRIMARY KEY, principal jsonb NOT NULL, expires_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX hub_stream_tickets_expiry ON hub_stream_tickets (expires_at)`);
    await q.query(`CREATE TABLE hub_feed_overflow (id bigserial PRIMARY KEY, body text NOT NULL, at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE hub_feed_overflow`);
    await q.query(`DROP TABLE hub_stream_tickets`);
  }
}

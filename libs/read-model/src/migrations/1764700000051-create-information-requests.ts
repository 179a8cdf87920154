import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Requests for information and their answers (issue 13), as the nodes' events state them: derived
 * tables (a rebuild replays them). The hits they name (`hub_hits`) are the hub's own facts.
 */
export class CreateInformationRequests1764700000051 implements MigrationInterface {
  name = 'CreateInformationRequests1764700000051';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE hub_information_requests (
      request_id uuid PRIMARY KEY,
      hit_id uuid NOT NULL UNIQUE,
      requester_agency text NOT NULL,
      requester_unit text,
      message text NOT NULL,
      requested_at timestamptz NOT NULL,
      position bigint NOT NULL
    )`);
    await q.query(`CREATE TABLE hub_information_answers (
      request_id uuid PRIMARY KEY,
      owner_agency text NOT NULL,
      alert_id uuid NOT NULL,
      requester_agency text NOT NULL,
      decision text NOT NULL,
      reason text,
      answered_at timestamptz NOT NULL,
      position bigint NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE hub_information_answers`);
    await q.query(`DROP TABLE hub_information_requests`);
  }
}

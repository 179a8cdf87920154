import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A sealed stub's signature covers its hash but not its position, so a publisher without the key
 * could replay earlier stubs at new positions. A genuine event's hash is unique in its agency's
 * log (it commits to its position): the projector refuses a stub whose hash the log already holds,
 * and this index makes that one lookup per batch.
 */
export class IndexEventHashes1732780000007 implements MigrationInterface {
  name = 'IndexEventHashes1732780000007';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX hub_event_log_hash_idx ON hub_event_log (agency, (event->>'hash'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX hub_event_log_hash_idx`);
  }
}

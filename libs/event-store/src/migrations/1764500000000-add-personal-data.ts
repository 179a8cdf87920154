import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The personal-data side record beside each event's payload (not hashed: the payload commits to
 * it by digest). History stays append-only with one exception, enforced here and not only in
 * code: a lawful erasure may remove side records, never add, alter or touch anything else.
 */
export class AddPersonalData1764500000000 implements MigrationInterface {
  name = 'AddPersonalData1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE events ADD COLUMN personal_data jsonb`);
    await q.query(`
      CREATE OR REPLACE FUNCTION events_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE'
           AND (to_jsonb(NEW) - 'personal_data') = (to_jsonb(OLD) - 'personal_data')
           AND (NEW.personal_data IS NULL OR (OLD.personal_data IS NOT NULL AND NOT EXISTS (
                 SELECT 1 FROM jsonb_each(NEW.personal_data) n WHERE OLD.personal_data -> n.key IS DISTINCT FROM n.value))) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'events are append-only (% refused)', TG_OP;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION events_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'events are append-only (% refused)', TG_OP; END $$`);
    await q.query(`ALTER TABLE events DROP COLUMN personal_data`);
  }
}

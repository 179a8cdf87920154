import type { MigrationInterface, QueryRunner } from 'typeorm';
import { VESSEL_NAME_SHOWN_MAX } from '../write/correlation-index.js';

/**
 * A vessel-name key is now shown as the name written on its own alert (`shown`), not as the
 * normalised key: the index rows written before are brought to what `correlationRowsOf` computes
 * today, so an amendment removes them and a rebuild finds the same rows. Matches and hits already
 * recorded are facts of the hub (in its signed log) and keep the key they were found with.
 */
export class ShowVesselNamesAsWritten1764800000062 implements MigrationInterface {
  name = 'ShowVesselNamesAsWritten1764800000062';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE hub_correlation_keys k SET shown = a.state->'content'->'vessel'->>'name'
         FROM hub_alerts a
        WHERE k.kind = 'vessel-name' AND a.id = k.alert_id AND char_length(a.state->'content'->'vessel'->>'name') BETWEEN 1 AND $1`,
      [VESSEL_NAME_SHOWN_MAX],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE hub_correlation_keys SET shown = value WHERE kind = 'vessel-name'`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { AlertState } from '@cix/contracts';
import { companyWords } from '../write/company-words.js';

/** Company names searchable across Cyrillic and Latin spellings and legal forms (`GET /api/alerts?company=`). */
export class IndexCompanyWords1732780000021 implements MigrationInterface {
  name = 'IndexCompanyWords1732780000021';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE hub_alerts ADD COLUMN company_words text[] NOT NULL DEFAULT '{}'`);
    await q.query(`CREATE INDEX hub_alerts_company_words_idx ON hub_alerts USING gin (company_words)`);
    // The words are the correlation library's, computed here rather than in SQL: fill the rows already projected.
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = (await q.query(`SELECT id, state FROM hub_alerts WHERE id > $1 ORDER BY id LIMIT 500`, [after])) as Array<{ id: string; state: AlertState }>;
      if (!rows.length) return;
      await q.query(
        `UPDATE hub_alerts a SET company_words = ARRAY(SELECT jsonb_array_elements_text(t.words))
           FROM jsonb_to_recordset($1::jsonb) AS t(id uuid, words jsonb) WHERE a.id = t.id`,
        [JSON.stringify(rows.map((r) => ({ id: r.id, words: companyWords(r.state.content.parties) })))],
      );
      after = rows[rows.length - 1].id;
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE hub_alerts DROP COLUMN company_words`);
  }
}

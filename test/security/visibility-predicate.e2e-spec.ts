import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { canSeeAlert, type SharingFacts } from '@cix/access-control';
import type { Principal, Role } from '@cix/auth';
import { sql, toQuery, visibleTo, type SqlFragment } from '@cix/read-model';
import { createDatabase } from '../support/test-env.js';

// The SQL predicate every hub read path uses must answer exactly as the pure policy does, for every
// kind of principal and every distribution, alone and composed with the caller's filters.
const AGENCIES = ['AZ', 'KZ', 'TM'];
const RECIPIENT_SETS = [[], ['AZ'], ['KZ'], ['TM'], ['CCP'], ['AZ', 'TM'], ['KZ', 'CCP'], ['AZ', 'KZ', 'TM', 'CCP']];
const alerts: SharingFacts[] = AGENCIES.flatMap((agency) => [
  { agency, level: 'agency' as const, recipients: [] },
  { agency, level: 'regional' as const, recipients: [] },
  ...RECIPIENT_SETS.map((recipients) => ({ agency, level: 'bilateral' as const, recipients })),
]);
const principal = (agency: string, role: string): Principal => ({ sub: `${role}-${agency}`, agency, role: role as Role });
const principals: Array<Principal | undefined> = [
  ...['AZ', 'KZ', 'TM', 'CCP'].flatMap((a) => ['officer', 'coordinator', 'auditor', 'admin'].map((r) => principal(a, r))),
  undefined,
];

/** The indexes of `alerts` the condition selects, evaluated by PostgreSQL. */
async function selected(db: pg.Client, where: (t: SqlFragment) => SqlFragment): Promise<number[]> {
  const t = sql`(SELECT i, agency, level, ARRAY(SELECT jsonb_array_elements_text(r)) AS recipients
      FROM unnest(${alerts.map((_, i) => i)}::int[], ${alerts.map((a) => a.agency)}::text[], ${alerts.map((a) => a.level)}::text[], ${alerts.map((a) => JSON.stringify(a.recipients))}::jsonb[]) AS x(i, agency, level, r)) t`;
  const { text, values } = toQuery(sql`SELECT t.i FROM ${t} WHERE ${where(sql`t`)} ORDER BY t.i`);
  return (await db.query<{ i: number }>(text, values)).rows.map((r) => r.i);
}

describe('the visibility predicate in PostgreSQL', () => {
  let db: pg.Client;
  beforeAll(async () => {
    db = new pg.Client({ connectionString: await createDatabase('visibility') });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
  });

  it('selects exactly the alerts canSeeAlert allows, for every principal and distribution', async () => {
    for (const p of principals) {
      const expected = alerts.flatMap((a, i) => (canSeeAlert(p, a) ? [i] : []));
      expect({ p, visible: await selected(db, () => visibleTo(p, 't')) }).toEqual({ p, visible: expected });
    }
  });

  it('composed with filters before and after it, in any order, still selects exactly the allowed ones', async () => {
    const officer = principal('KZ', 'officer');
    const byAgency = sql`t.agency = ${'TM'}`;
    const byLevel = sql`t.level = ${'bilateral'}`;
    const expected = alerts.flatMap((a, i) => (canSeeAlert(officer, a) && a.agency === 'TM' && a.level === 'bilateral' ? [i] : []));
    expect(expected.length).toBeGreaterThan(0);
    for (const order of [
      [byAgency, visibleTo(officer, 't'), byLevel],
      [visibleTo(officer, 't'), byLevel, byAgency],
      [byLevel, byAgency, visibleTo(officer, 't')],
    ]) {
      expect(await selected(db, () => sql.and(...order))).toEqual(expected);
    }
  });
});

// Bulk load for the correlation benchmark: `n` realistic synthetic alerts of three agencies in a hub
// database, with their correlation index, by set-based SQL (generate_series), not one by one. It is
// a bench: the index rows are written as the projector would write them, from the same key functions.
import type { DataSource } from 'typeorm';
import { containerCheckDigit } from '@cix/contracts';
import { blockingKeys, normaliseParty } from '@cix/correlation';

const SYLLABLES = [
  'ak',
  'ba',
  'ber',
  'dag',
  'er',
  'gul',
  'kar',
  'kum',
  'lan',
  'mar',
  'nur',
  'or',
  'sar',
  'tau',
  'tem',
  'ur',
  'zhol',
  'ser',
  'al',
  'tyn',
  'bek',
  'ay',
  'shan',
  'kol',
];
const TRADE = [
  'Trans',
  'Logistik',
  'Cargo',
  'Shipping',
  'Trade',
  'Invest',
  'Neft',
  'Stroy',
  'Agro',
  'Tekstil',
  'Metal',
  'Import',
  'Marine',
  'Terminal',
  'Express',
];
const FORMS = ['LLP', 'ТОО', 'LLC', 'ООО', 'JSC', 'MMC', 'HJ'];

/** A deterministic pseudo-random sequence (mulberry32): the same data set in every run. */
export function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const word = (r: () => number) => {
  const w = Array.from({ length: 2 + Math.floor(r() * 2) }, () => SYLLABLES[Math.floor(r() * SYLLABLES.length)]).join('');
  return w[0].toUpperCase() + w.slice(1);
};

/** `count` company names of Caspian trade (two invented words, a trade word, a legal form). */
export function companyNames(count: number, seed = 13): string[] {
  const r = prng(seed);
  return Array.from({ length: count }, () => `${word(r)} ${word(r)} ${TRADE[Math.floor(r() * TRADE.length)]} ${FORMS[Math.floor(r() * FORMS.length)]}`);
}

const OWNER = 'BNCU';
/** The container number the load gives alert `i` (0 ≤ i < 1,000,000): the same formula as the SQL below. */
export const benchContainer = (i: number, owner = OWNER): string => {
  const first10 = `${owner}${String(i).padStart(6, '0')}`;
  return first10 + containerCheckDigit(first10);
};
/** The IMO number of vessel `v` (0 ≤ v < 50,000). */
export const benchImo = (v: number): string => {
  const d = String(100000 + v);
  const check = [...d].reduce((s, c, i) => s + Number(c) * (7 - i), 0) % 10;
  return `IMO${d}${check}`;
};

/**
 * Loads `n` alerts (agencies AZ, KZ, TM in turn; regional, bilateral and agency-narrowed; a fifth
 * discoverable), each with its own container, every fifth on one of 50,000 vessels, each with one
 * of `companies` company names (so a name recurs in n / companies alerts), and their index rows.
 */
export async function loadAlerts(db: DataSource, n: number, companies: string[], log: (...a: unknown[]) => void): Promise<void> {
  const letterSum = [...OWNER].reduce((sum, ch, i) => sum + letterValue(ch) * 2 ** i, 0);
  // Inline arithmetic (no subquery per row): digit j of i weighs 2^(4+j) in ISO 6346, (7 - j) in an IMO number.
  const digit = (j: number, width: number, of: string) => `((${of} / ${10 ** (width - 1 - j)}) % 10)`;
  const containerSum = [0, 1, 2, 3, 4, 5].map((j) => `${digit(j, 6, 'i')} * ${2 ** (4 + j)}`).join(' + ');
  const imoSum = [0, 1, 2, 3, 4, 5].map((j) => `${digit(j, 6, '(100000 + v)')} * ${7 - j}`).join(' + ');
  await db.query(`CREATE OR REPLACE FUNCTION bench_container(i int) RETURNS text IMMUTABLE LANGUAGE sql AS $$
    SELECT '${OWNER}' || lpad(i::text, 6, '0') || (((${letterSum} + ${containerSum}) % 11) % 10)::text $$`);
  await db.query(`CREATE OR REPLACE FUNCTION bench_imo(v int) RETURNS text IMMUTABLE LANGUAGE sql AS $$
    SELECT 'IMO' || (100000 + v)::text || ((${imoSum}) % 10)::text $$`);
  const [check] = await db.query<Array<{ c: string; i: string }>>(`SELECT bench_container(4711) AS c, bench_imo(321) AS i`);
  if (check.c !== benchContainer(4711) || check.i !== benchImo(321)) throw new Error(`bench identifiers disagree: ${JSON.stringify(check)}`);

  await db.query(`CREATE TABLE bench_company (i int PRIMARY KEY, name text NOT NULL, norm text NOT NULL, blocks text[] NOT NULL)`);
  for (let s = 0; s < companies.length; s += 5000) {
    const part = companies.slice(s, s + 5000);
    await db.query(
      `INSERT INTO bench_company SELECT i, name, norm, ARRAY(SELECT jsonb_array_elements_text(b)) FROM unnest($1::int[], $2::text[], $3::text[], $4::jsonb[]) AS t(i, name, norm, b)`,
      [part.map((_, k) => s + k), part, part.map(normaliseParty), part.map((p) => JSON.stringify(blockingKeys(p)))],
    );
  }
  const c = companies.length;
  log(`correlation bench: loading ${n.toLocaleString('en')} alerts …`);
  await db.query(`ALTER TABLE hub_correlation_keys DROP CONSTRAINT hub_correlation_keys_pkey`);
  await db.query(`DROP INDEX hub_correlation_keys_value_idx`);
  await db.query(
    `INSERT INTO hub_alerts (id, agency, kind, unit, status, level, recipients, occurred_at, category, hs_code, containers, expires_at, feedback_due_at, state, version, raised_at, updated_at)
     SELECT md5('bench' || g)::uuid, a.agency, 'seizure', a.agency || '-BENCH', 'open', lv.level, lv.recipients, t.at, 'drugs', '2939', ARRAY[bench_container(g)],
            t.at + interval '90 days', t.at + interval '3 days',
            jsonb_build_object('id', md5('bench' || g)::uuid, 'agency', a.agency, 'version', 1, 'status', 'open', 'discoverable', g % 5 = 0,
              'distribution', jsonb_build_object('level', lv.level, 'recipients', to_jsonb(lv.recipients)),
              'content', jsonb_build_object('kind', 'seizure', 'unit', a.agency || '-BENCH', 'occurredAt', t.at, 'containers', jsonb_build_array(bench_container(g)),
                'commodity', jsonb_build_object('category', 'drugs', 'description', 'bench', 'hsCode', '293911'), 'handlingCode', 'H1',
                'parties', jsonb_build_array(jsonb_build_object('role', 'shipper', 'isPerson', false, 'name', bc.name))),
              'raisedAt', t.at, 'updatedAt', t.at, 'feedbackDueAt', t.at, 'expiresAt', t.at, 'raisedBy', jsonb_build_object('actor', 'bench')),
            1, t.at, t.at
       FROM generate_series(0, $1::int - 1) g
       CROSS JOIN LATERAL (SELECT (ARRAY['AZ', 'KZ', 'TM'])[g % 3 + 1] AS agency) a
       CROSS JOIN LATERAL (SELECT timestamptz '2026-11-30' - (g % 730) * interval '1 day' AS at) t
       CROSS JOIN LATERAL (SELECT CASE WHEN g % 4 = 0 THEN 'bilateral' WHEN g % 4 = 1 THEN 'agency' ELSE 'regional' END AS level,
                                  CASE WHEN g % 4 = 0 THEN ARRAY[(ARRAY['KZ', 'TM', 'AZ'])[g % 3 + 1]] ELSE '{}'::text[] END AS recipients) lv
       JOIN bench_company bc ON bc.i = (g::bigint * 7919) % ${c}`,
    [n],
  );
  log(`correlation bench: writing the index …`);
  await db.query(
    `INSERT INTO hub_correlation_keys (alert_id, agency, kind, value, shown)
     SELECT md5('bench' || g)::uuid, (ARRAY['AZ', 'KZ', 'TM'])[g % 3 + 1], 'container', bench_container(g), bench_container(g) FROM generate_series(0, $1::int - 1) g
     UNION ALL
     SELECT md5('bench' || g)::uuid, (ARRAY['AZ', 'KZ', 'TM'])[g % 3 + 1], 'imo', bench_imo(g % 50000), bench_imo(g % 50000) FROM generate_series(0, $1::int - 1) g WHERE g % 5 = 0
     UNION ALL
     SELECT md5('bench' || g)::uuid, (ARRAY['AZ', 'KZ', 'TM'])[g % 3 + 1], 'party', bc.norm, bc.name FROM generate_series(0, $1::int - 1) g JOIN bench_company bc ON bc.i = (g::bigint * 7919) % ${c}
     UNION ALL
     SELECT DISTINCT md5('bench' || g)::uuid, (ARRAY['AZ', 'KZ', 'TM'])[g % 3 + 1], 'party-block', b, bc.name
       FROM generate_series(0, $1::int - 1) g JOIN bench_company bc ON bc.i = (g::bigint * 7919) % ${c} CROSS JOIN LATERAL unnest(bc.blocks) b`,
    [n],
  );
  log(`correlation bench: indexing …`);
  await db.query(`ALTER TABLE hub_correlation_keys ADD PRIMARY KEY (alert_id, kind, value, shown)`);
  await db.query(`CREATE INDEX hub_correlation_keys_value_idx ON hub_correlation_keys (kind, value, agency) INCLUDE (alert_id, shown)`);
  await db.query(
    `INSERT INTO hub_correlation_values SELECT kind, value, agency, count(DISTINCT alert_id) FROM hub_correlation_keys GROUP BY kind, value, agency`,
  );
  await db.query(`ANALYZE hub_alerts`);
  // Vacuumed as autovacuum would leave a table of this age: the index lookups stay index-only
  // (a freshly loaded table sends every lookup to the heap to check visibility).
  await db.query(`VACUUM (ANALYZE) hub_correlation_keys`);
  await db.query(`VACUUM (ANALYZE) hub_correlation_values`);
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** ISO 6346 letter values: A=10, then upward skipping multiples of 11. */
function letterValue(ch: string): number {
  let v = 10;
  for (const l of LETTERS) {
    if (v % 11 === 0) v++;
    if (l === ch) return v;
    v++;
  }
  throw new Error(ch);
}

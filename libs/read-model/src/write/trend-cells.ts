import type { QueryRunner } from 'typeorm';
import type { AlertState } from '@cix/contracts';
import { routeKeySql } from '../query/route-key.sql.js';
import { sql, toQuery } from '../query/sql.js';

export const TREND_DIMENSIONS = [
  'commodity',
  'hsChapter',
  'unit',
  'agency',
  'route',
  'conveyance',
  'detection',
  'concealment',
  'ownerCode',
  'shipper',
  'day',
] as const;
export type TrendDimension = (typeof TREND_DIMENSIONS)[number];
const QUANTITY_UNITS = ['kg', 'litres', 'pieces', 'containers'] as const;

/** The route as one key: departure > transit+transit > destination (`?` where unknown). */
export function routeKey(r: AlertState['content']['route']): string {
  return `${r?.departure ?? '?'}>${(r?.transit ?? []).join('+') || '-'}>${r?.destination ?? '?'}`;
}

/** What one alert adds to the aggregates: seizures only, retracted ones not at all. */
export function contribution(s: AlertState | null): Array<{ dimension: TrendDimension; key: string }> {
  if (!s || s.content.kind !== 'seizure' || s.status === 'retracted') return [];
  const c = s.content;
  return [
    { dimension: 'commodity', key: c.commodity.category },
    { dimension: 'hsChapter', key: c.commodity.hsCode?.slice(0, 2) ?? 'unknown' },
    { dimension: 'unit', key: c.unit },
    { dimension: 'agency', key: s.agency },
    { dimension: 'route', key: routeKey(c.route) },
    { dimension: 'conveyance', key: c.conveyance ?? 'unknown' },
    { dimension: 'detection', key: c.detectionMethod ?? 'unknown' },
    { dimension: 'concealment', key: c.concealmentMethod ?? 'unknown' },
    ...[...new Set(c.containers.map((x) => x.slice(0, 4)))].map((key) => ({ dimension: 'ownerCode' as const, key })),
    // Companies only: a person's name is never an aggregate key.
    ...[...new Set(c.parties.filter((p) => p.role === 'shipper' && !p.isPerson).map((p) => p.name))].map((key) => ({ dimension: 'shipper' as const, key })),
    { dimension: 'day', key: c.occurredAt.slice(0, 10) },
  ];
}

/**
 * Moves each changed alert's contribution from its old state to its new one, inside the
 * projection's transaction: one upsert for a whole batch, one row per cell (one statement may not
 * update the same row twice). Quantities are summed by PostgreSQL, in exact numeric like the
 * recomputation, never as JavaScript floats.
 */
export async function applyTrendDeltas(
  qr: QueryRunner,
  schema: string,
  changes: ReadonlyArray<{ readonly before: AlertState | null; readonly after: AlertState | null }>,
): Promise<void> {
  type Cell = { dimension: string; key: string; day: string; agency: string; level: string; recipients: string[]; count: number } & Record<
    (typeof QUANTITY_UNITS)[number],
    number[]
  >;
  const cells = new Map<string, Cell>();
  for (const { before, after } of changes) {
    for (const [state, sign] of [
      [before, -1],
      [after, 1],
    ] as const) {
      if (!state) continue;
      const q = state.content.quantity;
      const day = state.content.occurredAt.slice(0, 10);
      const recipients = [...state.distribution.recipients].sort();
      for (const c of contribution(state)) {
        const id = JSON.stringify([c.dimension, c.key, day, state.agency, state.distribution.level, recipients]);
        let cell = cells.get(id);
        if (!cell) {
          cell = { ...c, day, agency: state.agency, level: state.distribution.level, recipients, count: 0, kg: [], litres: [], pieces: [], containers: [] };
          cells.set(id, cell);
        }
        cell.count += sign;
        if (q && (QUANTITY_UNITS as readonly string[]).includes(q.unit)) cell[q.unit as (typeof QUANTITY_UNITS)[number]].push(sign * q.value);
      }
    }
  }
  if (!cells.size) return;
  const sum = (u: string) => `(SELECT coalesce(sum(x::numeric), 0) FROM jsonb_array_elements_text(${u}) x)`;
  await qr.query(
    `INSERT INTO ${schema}.hub_trend_cells AS cur (dimension, key, day, agency, level, recipients, count, kg, litres, pieces, containers)
     SELECT dimension, key, day, agency, level, ARRAY(SELECT jsonb_array_elements_text(recipients)), count, ${sum('kg')}, ${sum('litres')}, ${sum('pieces')}, ${sum('containers')}
       FROM jsonb_to_recordset($1::jsonb) AS t(dimension text, key text, day date, agency text, level text, recipients jsonb,
            count int, kg jsonb, litres jsonb, pieces jsonb, containers jsonb)
     ON CONFLICT (dimension, key, day, agency, level, recipients) DO UPDATE SET count = cur.count + EXCLUDED.count,
       kg = cur.kg + EXCLUDED.kg, litres = cur.litres + EXCLUDED.litres, pieces = cur.pieces + EXCLUDED.pieces, containers = cur.containers + EXCLUDED.containers`,
    [JSON.stringify([...cells.values()])],
  );
}

/**
 * The same aggregates computed from scratch, set-based, from the alerts of `schema`: used by the
 * rebuild, and by the test that proves the incremental deltas never drift from it.
 */
export async function recomputeTrends(q: { query: (sql: string) => Promise<unknown> }, schema: string): Promise<void> {
  await q.query(`DELETE FROM ${schema}.hub_trend_cells`);
  await q.query(`
    INSERT INTO ${schema}.hub_trend_cells (dimension, key, day, agency, level, recipients, count, kg, litres, pieces, containers)
    SELECT d.dimension, d.key, left(c->>'occurredAt', 10)::date, a.agency, a.level, ARRAY(SELECT unnest(a.recipients) ORDER BY 1), count(*),
           sum(CASE WHEN c->'quantity'->>'unit' = 'kg' THEN (c->'quantity'->>'value')::numeric ELSE 0 END),
           sum(CASE WHEN c->'quantity'->>'unit' = 'litres' THEN (c->'quantity'->>'value')::numeric ELSE 0 END),
           sum(CASE WHEN c->'quantity'->>'unit' = 'pieces' THEN (c->'quantity'->>'value')::numeric ELSE 0 END),
           sum(CASE WHEN c->'quantity'->>'unit' = 'containers' THEN (c->'quantity'->>'value')::numeric ELSE 0 END)
      FROM ${schema}.hub_alerts a
      CROSS JOIN LATERAL (SELECT a.state->'content' AS c) content
      CROSS JOIN LATERAL (VALUES
        ('commodity', c->'commodity'->>'category'),
        ('hsChapter', coalesce(left(c->'commodity'->>'hsCode', 2), 'unknown')),
        ('unit', c->>'unit'),
        ('agency', a.agency),
        ('route', ${toQuery(routeKeySql(sql`c`)).text}),
        ('conveyance', coalesce(c->>'conveyance', 'unknown')),
        ('detection', coalesce(c->>'detectionMethod', 'unknown')),
        ('concealment', coalesce(c->>'concealmentMethod', 'unknown')),
        ('day', left(c->>'occurredAt', 10))
      ) AS v(dimension, key)
      CROSS JOIN LATERAL (
        SELECT v.dimension, v.key WHERE v.key IS NOT NULL
        UNION SELECT 'ownerCode', left(x, 4) FROM jsonb_array_elements_text(c->'containers') x WHERE v.dimension = 'day'
        UNION SELECT 'shipper', p->>'name' FROM jsonb_array_elements(c->'parties') p
         WHERE v.dimension = 'day' AND p->>'role' = 'shipper' AND NOT coalesce((p->>'isPerson')::boolean, false)
      ) AS d(dimension, key)
     WHERE a.kind = 'seizure' AND a.status <> 'retracted'
     GROUP BY 1, 2, 3, 4, 5, 6`);
}

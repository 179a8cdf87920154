import { DataSource } from 'typeorm';
import { HUB_MIGRATIONS } from '@cix/read-model';
import type { Principal } from '@cix/auth';
import { TrendsService } from '../apps/regional-hub/src/trends/trends.service.js';

/**
 * Trend query latency over the aggregates that `n` projected seizures produce. The cells are made
 * by one SQL statement with the same shape the projection maintains (every dimension, per day and
 * sharing class) — projecting a million events first would take minutes and measure the projector,
 * not the queries. Queries go through the hub's TrendsService, access rules included.
 */
export async function benchTrends(databaseUrl: string, n: number, log: (...a: unknown[]) => void): Promise<Record<string, number>> {
  const db = new DataSource({
    type: 'postgres',
    url: databaseUrl,
    migrations: HUB_MIGRATIONS,
  });
  await db.initialize();
  await db.runMigrations();
  log(`trends bench: aggregates of ${n.toLocaleString('en')} seizures …`);
  await db.query(
    `
    INSERT INTO hub_trend_cells (dimension, key, day, agency, level, recipients, count, kg, litres, pieces, containers)
    SELECT d.dimension, d.key, s.day, s.agency, s.level, s.recipients, count(*), sum(s.kg), 0, sum(s.pieces), 0
      FROM (SELECT i, date '2025-01-01' + (i % 700) AS day, a.agency,
                   CASE WHEN i % 5 < 3 THEN 'regional' ELSE 'bilateral' END AS level,
                   CASE WHEN i % 5 < 3 THEN '{}'::text[] WHEN i % 5 = 3 THEN ARRAY[(ARRAY['AZ','KZ','TM'])[1 + (i + 1) % 3]] ELSE ARRAY['CCP'] END AS recipients,
                   (ARRAY['drugs','precursors','strategic-goods','weapons','cigarettes','counterfeit','wildlife','cash','other'])[1 + (i * 7) % 9] AS commodity,
                   (ARRAY['AZ-ALYAT','KZ-AKTAU','KZ-KURYK','KZ-ALTYNKOL','KZ-ALMATY-ACCU','TM-TURKMENBASHI'])[1 + i % 6] AS unit,
                   (ARRAY['AF','CN','IR','TR','AE'])[1 + i % 5] || '>' || (ARRAY['TM','KZ','AZ','IR+TM','-'])[1 + (i / 5) % 5] || '>' || (ARRAY['AZ','KZ','TR','RU','AF','CN'])[1 + (i / 25) % 6] AS route,
                   CASE WHEN i % 2 = 0 THEN (i % 97)::numeric ELSE 0 END AS kg, CASE WHEN i % 2 = 1 THEN (i % 5000)::numeric ELSE 0 END AS pieces
              FROM generate_series(1, $1::int) AS i
              CROSS JOIN LATERAL (SELECT (ARRAY['AZ','KZ','TM'])[1 + i % 3] AS agency) a) s
      CROSS JOIN LATERAL (VALUES ('commodity', s.commodity), ('unit', s.unit), ('agency', s.agency), ('route', s.route), ('hsChapter', left(md5(s.commodity), 2)),
                                 ('conveyance', 'sea-container'), ('detection', 'x-ray-scanner'), ('concealment', 'false-wall'), ('day', s.day::text)) AS d(dimension, key)
     GROUP BY 1, 2, 3, 4, 5, 6`,
    [n],
  );
  await db.query('ANALYZE hub_trend_cells');
  const [{ cells }] = await db.query('SELECT count(*)::int AS cells FROM hub_trend_cells');
  const trends = new TrendsService(db);
  const principals: Principal[] = [
    { sub: 'c', agency: 'CCP', role: 'coordinator' },
    { sub: 'o', agency: 'KZ', role: 'officer' },
  ];
  const queries = [
    { groupBy: 'commodity' },
    { groupBy: 'unit' },
    { groupBy: 'route' },
    { groupBy: 'month' },
    { groupBy: 'month', series: 'commodity' },
    { groupBy: 'commodity', from: '2026-01-01', to: '2026-07-01' },
  ] as const;
  const times: number[] = [];
  for (let round = 0; round < 25; round++) {
    for (const p of principals) {
      for (const q of queries) {
        const t = process.hrtime.bigint();
        await trends.seizures(p, q);
        if (round > 0) times.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }
  }
  await db.destroy();
  times.sort((a, b) => a - b);
  const pct = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return { trend_seizures_represented: n, trend_cells: cells, trend_query_p50_ms: pct(0.5), trend_query_p95_ms: pct(0.95) };
}

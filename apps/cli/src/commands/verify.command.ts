import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { TrustStore, verifyReplay, type StreamVerdict } from '@cix/event-store';
import { UsageError, type CliContext } from '../cli-context.js';
import { Progress } from '../progress.js';
import { ndjsonLines } from './ndjson.js';

/** The trust store: `--trust AGENCY:KEY_ID=PEM,…`, else the public keys of the local stack. */
export function trustFrom(ctx: CliContext, spec?: string): TrustStore {
  if (spec) return TrustStore.fromSpec(spec);
  const store = new TrustStore();
  if (!existsSync(ctx.keysDir)) throw new UsageError(`no --trust given and no local keys in ${ctx.keysDir}`);
  for (const f of readdirSync(ctx.keysDir).filter((x) => x.endsWith('.kid'))) {
    const name = f.slice(0, -4);
    const keyId = readFileSync(path.join(ctx.keysDir, f), 'utf8').trim();
    store.add(name === 'hub' ? 'HUB' : name.replace(/^node-/, ''), keyId, readFileSync(path.join(ctx.keysDir, `${name}.pub.pem`)));
  }
  return store;
}

export function describeVerdict(v: StreamVerdict): string {
  return [headline(v), exporterLine(v), checkpointsLine(v), trustedKeysLine(v)].filter(Boolean).join('\n');
}

function headline(v: StreamVerdict): string {
  if (v.intact) {
    const filters = Object.entries(v.exporter?.filters ?? {})
      .map(([k, x]) => `${k}=${String(x)}`)
      .join(', ');
    const scope = v.complete
      ? ''
      : ` (filtered export${filters ? ` [${filters}]` : ''}, as its exporter signed: it does not claim to hold every event, so only what it holds is proven)`;
    return `verified ${v.verified} events (${
      Object.entries(v.perAgency)
        .map(([a, n]) => `${a} ${n}`)
        .join(', ') || 'none'
    }), chain intact${scope}`;
  }
  const b = v.broken!;
  const where = b.agency ? `: ${b.agency}${b.position !== undefined ? ` position ${b.position}` : ''}${b.eventId ? ` (event ${b.eventId})` : ''}` : '';
  return `BROKEN at line ${b.line}${where}: ${b.reason}${b.detail ? ` (${b.detail})` : ''} — ${v.verified} events verified before it`;
}

function exporterLine(v: StreamVerdict): string {
  const x = v.exporter;
  return x ? `export claims (scope, filters, completeness, count) signed by ${x.agency} (key ${x.keyId}) at ${x.exportedAt}` : '';
}

function checkpointsLine(v: StreamVerdict): string {
  if (!v.checkpoints.length) return '';
  const one = (c: StreamVerdict['checkpoints'][number]) => {
    const how =
      c.over === 'checkpoint'
        ? 'signed checkpoint'
        : `latest event signed by ${c.agency}${c.attested ? ', attested by the exporter' : ', exporter attestation not checked (its key is not trusted)'}`;
    return `${c.agency} at position ${c.position}${c.time ? ` as of ${c.time}` : ''} (${how}, key ${c.keyId})`;
  };
  return `checkpoints: ${v.checkpoints.map(one).join('; ')}`;
}

function trustedKeysLine(v: StreamVerdict): string {
  if (!v.trustedKeys.length) return 'trusted keys: none used';
  return `trusted keys: ${v.trustedKeys.map((k) => `${k.agency}:${k.keyId} sha256:${k.fingerprint}`).join(', ')}`;
}

/** `cix verify FILE` or `cix verify --url URL --token T`: exit 0 only when intact. */
export async function verifyCommand(ctx: CliContext, argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { url: { type: 'string' }, token: { type: 'string' }, trust: { type: 'string' }, json: { type: 'boolean' } },
  });
  const lines = await ndjsonLines({ file: positionals[0], url: values.url, token: values.token });
  const progress = new Progress('verifying', null, !values.json && process.stderr.isTTY === true);
  const verdict = await verifyReplay(lines, trustFrom(ctx, values.trust), (n) => progress.update(n));
  progress.done();
  console.log(values.json ? JSON.stringify(verdict) : describeVerdict(verdict));
  process.exitCode = verdict.intact ? 0 : 1;
}

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { issueToken } from '@cix/auth';
import { UsageError, type CliContext } from '../cli-context.js';
import { seedDataset } from './seed.dataset.js';

/**
 * Posts the demo data set through the public API of each national node. Every post carries an
 * Idempotency-Key, so seeding twice does not duplicate anything.
 */
export async function seedCommand(ctx: CliContext, argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { 'per-unit': { type: 'string' }, quiet: { type: 'boolean' } } });
  const perUnit = values['per-unit'] ? Number(values['per-unit']) : 7;
  if (!(perUnit >= 1 && perUnit <= 500)) throw new UsageError('--per-unit must be between 1 and 500');
  const tokens = new Map<string, string>();
  const tokenFor = async (agency: string, unit: string) => {
    if (!tokens.has(unit)) {
      const key = readFileSync(path.join(ctx.keysDir, `issuer-${agency}.key.pem`));
      tokens.set(unit, await issueToken(key, { agency, role: 'officer', unit, sub: `seed-${unit.toLowerCase()}` }, 3600));
    }
    return tokens.get(unit)!;
  };
  let created = 0;
  let replayed = 0;
  const dataset = seedDataset(perUnit);
  for (const [i, a] of dataset.entries()) {
    const url = `${ctx.urls[a.agency as 'AZ' | 'KZ' | 'TM']}/api/alerts`;
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(a.agency, a.unit)}`, 'idempotency-key': `seed-v1-${i}` },
      body: JSON.stringify(a.body),
    });
    if (res.status !== 201) throw new Error(`seeding alert ${i} on ${url} failed: ${res.status} ${await res.text()}`);
    if (res.headers.get('idempotent-replayed')) replayed++;
    else created++;
  }
  if (!values.quiet) console.log(`seeded ${dataset.length} alerts across 6 units (${created} new, ${replayed} already there)`);
}

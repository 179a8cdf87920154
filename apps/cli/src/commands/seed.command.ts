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
  const posted: Array<{ id: string; agency: string; kind: string; distribution: { level: string; recipients?: string[] } }> = [];
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
    const body = (await res.json()) as { id: string };
    posted.push({ id: body.id, agency: a.agency, kind: a.body.kind as string, distribution: a.body.distribution as { level: string; recipients?: string[] } });
  }
  const feedback = await seedFeedback(ctx, posted, tokenFor);
  if (!values.quiet) console.log(`seeded ${dataset.length} alerts across 6 units (${created} new, ${replayed} already there) and ${feedback} feedback answers`);
}

const FIRST_UNIT: Record<string, string> = { AZ: 'AZ-ALYAT', KZ: 'KZ-AKTAU', TM: 'TM-TURKMENBASHI' };

/**
 * Receiving agencies answer about two thirds of the high-risk-consignment alerts shared with them
 * (the rest stay open or overdue, as in real life). Feedback needs the hub to know the alert, so
 * each answer is retried briefly while the hub catches up.
 */
async function seedFeedback(
  ctx: CliContext,
  posted: Array<{ id: string; agency: string; kind: string; distribution: { level: string; recipients?: string[] } }>,
  tokenFor: (agency: string, unit: string) => Promise<string>,
): Promise<number> {
  let given = 0;
  const seizureBy = (agency: string) => posted.find((p) => p.agency === agency && p.kind === 'seizure')?.id;
  const candidates = posted.filter((p) => p.kind === 'high-risk-consignment' && p.distribution.level !== 'agency');
  for (const [i, alert] of candidates.entries()) {
    if (i % 3 === 2) continue;
    const receiver =
      (alert.distribution.recipients ?? []).find((r) => r !== 'CCP' && r !== alert.agency) ?? ['AZ', 'KZ', 'TM'].find((a) => a !== alert.agency)!;
    const outcome = (['seizure', 'nothing-found', 'not-inspected'] as const)[i % 3 === 0 ? (i % 2 ? 0 : 1) : 2];
    const body = {
      alertId: alert.id,
      outcome,
      ...(outcome === 'seizure' ? { seizureReportId: seizureBy(receiver) } : {}),
      ...(outcome === 'not-inspected' ? { reason: 'vessel diverted before arrival' } : {}),
    };
    for (let attempt = 0; attempt < 50; attempt++) {
      const res = await fetch(`${ctx.urls[receiver as 'AZ' | 'KZ' | 'TM']}/api/feedback`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await tokenFor(receiver, FIRST_UNIT[receiver])}`,
          'idempotency-key': `seed-v1-feedback-${alert.id}`,
        },
        body: JSON.stringify(body),
      });
      if (res.status === 201) {
        given++;
        break;
      }
      if (res.status !== 404 && res.status !== 503) throw new Error(`seeding feedback on ${alert.id} failed: ${res.status} ${await res.text()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return given;
}

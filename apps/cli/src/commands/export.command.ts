import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { UsageError, type CliContext } from '../cli-context.js';
import { bundleOf, STIX_MEDIA_TYPE, type StixBundle, type StixObject } from '@cix/read-model';

const USAGE =
  'cix export --format stix --url http://127.0.0.1:3000 --token TOKEN [--out FILE] [--agency --unit --kind --status --commodity --container --imo --country --from --to --q] [--page-size 200]';
const FILTERS = ['agency', 'unit', 'kind', 'status', 'commodity', 'container', 'imo', 'country', 'from', 'to', 'q'] as const;

/**
 * `cix export --format stix`: every alert of the caller's scope (narrowed by the list's filters) as
 * one STIX 2.1 bundle, read page by page from the hub's list with the caller's token, so the hub's
 * access rules, personal-data rule and access log apply exactly as to any read.
 */
export async function exportCommand(_ctx: CliContext, argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      format: { type: 'string' },
      url: { type: 'string' },
      token: { type: 'string' },
      out: { type: 'string' },
      'page-size': { type: 'string' },
      json: { type: 'boolean' },
      ...Object.fromEntries(FILTERS.map((f) => [f, { type: 'string' as const }])),
    },
  });
  if (values.format !== 'stix' || !values.url || !values.token) throw new UsageError(USAGE);
  const pageSize = Number(values['page-size'] ?? 200);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 200) throw new UsageError('--page-size must be 1..200');
  const given = values as Record<string, unknown>;
  const filters = Object.fromEntries(FILTERS.flatMap((f) => (typeof given[f] === 'string' ? [[f, given[f]]] : [])));

  const objects: StixObject[] = [];
  // '' = the first page; null = no further page.
  let cursor: string | null = '';
  let pages = 0;
  let throttled = 0;
  do {
    const query = new URLSearchParams({ ...filters, limit: String(pageSize), ...(cursor ? { cursor } : {}) });
    const res = await fetch(`${values.url.replace(/\/$/, '')}/api/alerts?${query.toString()}`, {
      headers: { authorization: `Bearer ${values.token}`, accept: STIX_MEDIA_TYPE },
    });
    if (res.status === 429) {
      // Retry the same page (the loop condition must not end an export that has not started), a bounded number of times.
      if (++throttled > 10) throw new Error('the hub kept answering 429 (rate limited): try again later');
      await sleep(1000 * Math.min(60, Number(res.headers.get('retry-after') ?? 1) || 1));
      continue;
    }
    throttled = 0;
    if (!res.ok) throw new Error(`the hub answered ${res.status}: ${(await res.text()).slice(0, 500)}`);
    const page = (await res.json()) as StixBundle;
    objects.push(...(page.objects ?? []));
    cursor = res.headers.get('next-cursor');
    pages++;
  } while (cursor !== null);

  const bundle = bundleOf(objects);
  const alerts = (bundle.objects ?? []).filter((o) => o.type === 'observed-data').length;
  const text = JSON.stringify(bundle, null, 2) + '\n';
  if (!values.out) {
    process.stdout.write(text);
    return;
  }
  // The bundle can hold TLP:RED content and, for the owner's officers, personal data: only the user may read it.
  await writeFile(values.out, text, { mode: 0o600 });
  console.log(
    values.json
      ? JSON.stringify({ alerts, objects: bundle.objects?.length ?? 0, pages, file: values.out })
      : `exported ${alerts} alerts (${bundle.objects?.length ?? 0} STIX objects, ${pages} pages) into ${values.out}`,
  );
}

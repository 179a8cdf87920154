import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { UsageError, type CliContext } from '../cli-context.js';
import { queryOf } from '../query-string.js';

const USAGE = 'cix report --url http://127.0.0.1:3000 --token TOKEN --out report.pdf [--from ISO] [--to ISO] [--agency KZ] [--export export.ndjson]';

async function fetchOk(url: string, token: string): Promise<Response> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`${new URL(url).pathname} answered ${res.status}: ${await res.text()}`);
  return res;
}

/**
 * `cix report`: the hub's audit report (PDF) for a scope and period, byte for byte what the console
 * downloads, and with `--export` the NDJSON export it describes (as of the same `to`), for `cix verify`.
 */
export async function reportCommand(_ctx: CliContext, argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: 'string' },
      token: { type: 'string' },
      out: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      agency: { type: 'string' },
      export: { type: 'string' },
    },
  });
  if (!values.url || !values.token || !values.out) throw new UsageError(USAGE);
  const base = values.url.replace(/\/$/, '');
  const res = await fetchOk(`${base}/api/audit/report${queryOf({ from: values.from, to: values.to, agency: values.agency })}`, values.token);
  await writeFile(values.out, Buffer.from(await res.arrayBuffer()));
  // The report names its export with the exact `to` it was taken at (the default `to` is the hub's now).
  const exportPath = res.headers.get('cix-report-export');
  console.log(`report written to ${values.out}${exportPath ? ` (its export: ${exportPath})` : ''}`);
  if (values.export) {
    if (!exportPath) throw new Error('the hub did not name the export of this report');
    const exp = await fetchOk(`${base}${exportPath}`, values.token);
    await writeFile(values.export, Buffer.from(await exp.arrayBuffer()));
    console.log(`export written to ${values.export}: check it with cix verify ${values.export}`);
  }
}

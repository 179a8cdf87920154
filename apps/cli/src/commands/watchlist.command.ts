import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { UsageError, type CliContext } from '../cli-context.js';

export const WATCHLIST_USAGE = `cix watchlist import FILE [--list NAME] [--format un-xml|csv] [--lang en|ru] [--url URL] --token T [--json]
  cix watchlist list [--url URL] --token T [--json]`;

/**
 * `cix watchlist import`: sends a watch-list file to the hub's import route (a coordinator's token),
 * which stores it as the list's next version and re-screens every alert against it.
 * `cix watchlist list`: the lists and their current versions. The format defaults from the file
 * name (.csv → csv, else un-xml). `--lang ru`: the hub words a refused file's errors in Russian
 * (each error also carries its stable `rule` and `params`: line, path, limit).
 */
export async function watchlistCommand(ctx: CliContext, argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      list: { type: 'string' },
      format: { type: 'string' },
      lang: { type: 'string' },
      url: { type: 'string' },
      token: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const hub = (values.url ?? ctx.urls.hub).replace(/\/$/, '');
  if (!values.token || (sub !== 'import' && sub !== 'list')) throw new UsageError(WATCHLIST_USAGE);
  if (values.lang !== undefined && values.lang !== 'en' && values.lang !== 'ru') throw new UsageError('--lang must be en or ru');
  const headers = { authorization: `Bearer ${values.token}`, ...(values.lang ? { 'accept-language': values.lang } : {}) };
  if (sub === 'list') {
    const body = (await answer(await fetch(`${hub}/api/watchlists`, { headers }))) as { items: Array<Record<string, unknown>> };
    if (values.json) console.log(JSON.stringify(body));
    else
      for (const l of body.items)
        console.log(
          `${String(l.list)}\tversion ${String(l.version)}\t${String(l.entries)} entries\t${String(l.importedAt)}${l.screened ? '' : '\t(re-screen running)'}`,
        );
    return;
  }
  const [file] = positionals;
  if (!file || positionals.length > 1) throw new UsageError(WATCHLIST_USAGE);
  const format = values.format ?? (/\.csv$/i.test(file) ? 'csv' : 'un-xml');
  if (format !== 'un-xml' && format !== 'csv') throw new UsageError('--format must be un-xml or csv');
  // A UN list names itself (un-sc-consolidated); a CSV file does not, so the hub would refuse it anyway.
  if (format === 'csv' && !values.list)
    throw new UsageError(`a CSV watch list needs --list NAME, the list it is a new version of (e.g. --list national-kz)\n${WATCHLIST_USAGE}`);
  const query = new URLSearchParams({ format, ...(values.list ? { list: values.list } : {}) });
  const res = await fetch(`${hub}/api/watchlists/imports?${query.toString()}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/xml; charset=utf-8' },
    body: await readFile(file),
  });
  if (!res.ok && !values.json) throw new Error(refusal(res.status, await res.text(), values.lang));
  const imported = (await answer(res)) as { list: string; version: number; entries: number; importedAt: string };
  console.log(
    values.json
      ? JSON.stringify(imported)
      : `imported ${imported.entries} entries into ${imported.list}, version ${imported.version}; alerts are being re-screened`,
  );
}

async function answer(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!res.ok) throw new Error(`the hub answered ${res.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as unknown;
}

/**
 * A refused file's errors one per line, as the hub worded them (in Russian with `--lang ru`), instead
 * of the raw JSON an officer would have to read through; anything else the hub answered stays raw.
 */
export function refusal(status: number, text: string, lang?: string): string {
  let errors: unknown;
  try {
    errors = (JSON.parse(text) as { errors?: unknown }).errors;
  } catch {
    errors = undefined;
  }
  const messages = Array.isArray(errors) ? errors.map((e) => (e as { message?: unknown }).message).filter((m) => typeof m === 'string') : [];
  if (messages.length === 0) return `the hub answered ${status}: ${text.slice(0, 500)}`;
  const head = lang === 'ru' ? `хаб отклонил файл (${status}), ничего не сохранено:` : `the hub refused the file (${status}); nothing was stored:`;
  return [head, ...messages.map((m) => `  ${m}`)].join('\n');
}

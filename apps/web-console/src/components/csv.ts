/**
 * A trend table as the API writes it (`Accept: text/csv`: formula-safe, UTF-8 with a BOM, recorded
 * in the access log as an export), saved as a download. Russian spreadsheets expect `;` between
 * cells and a decimal comma, so the Russian console asks for `delimiter=semicolon`.
 */
import { saveBlob } from '../app/download';
import { authorizedFetch, queryString } from '../app/http';
import type { Lang } from '../i18n';

export async function downloadCsv(
  token: string,
  path: string,
  query: Record<string, string | undefined>,
  lang: Lang,
  onUnauthorized: () => void,
): Promise<void> {
  const params = queryString({ ...query, delimiter: lang === 'ru' ? 'semicolon' : undefined });
  const res = await authorizedFetch({ token, lang, onUnauthorized }, `${path}?${params}`, { headers: { accept: 'text/csv' } });
  if (!res.ok) throw new Error(`${res.status} ${path}`);
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'cix-export.csv';
  saveBlob(await res.blob(), name);
}

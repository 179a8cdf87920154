/**
 * A trend table as the API writes it (`Accept: text/csv`: formula-safe, UTF-8 with a BOM, recorded
 * in the access log as an export), saved as a download. Russian spreadsheets expect `;` between
 * cells and a decimal comma, so the Russian console asks for `delimiter=semicolon`.
 */
import type { Lang } from '../i18n';

export async function downloadCsv(
  token: string,
  path: string,
  query: Record<string, string | undefined>,
  lang: Lang,
  onUnauthorized: () => void,
): Promise<void> {
  const params = new URLSearchParams(
    Object.entries({ ...query, delimiter: lang === 'ru' ? 'semicolon' : undefined }).filter((e): e is [string, string] => !!e[1]),
  );
  const res = await fetch(`${path}?${params}`, { headers: { authorization: `Bearer ${token}`, accept: 'text/csv', 'accept-language': lang } });
  if (res.status === 401) onUnauthorized();
  if (!res.ok) throw new Error(`${res.status} ${path}`);
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'cix-export.csv';
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

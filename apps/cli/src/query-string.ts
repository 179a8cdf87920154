/** A query string of the options given (`?a=1&b=2`), or '' when none is; unset and empty options are left out. */
export function queryOf(options: Record<string, string | undefined>): string {
  const q = new URLSearchParams(Object.entries(options).filter((e): e is [string, string] => !!e[1])).toString();
  return q ? `?${q}` : '';
}

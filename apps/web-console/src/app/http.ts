/**
 * What every console area's calls share: the signed-in user's bearer token on each request, a 401
 * ending the session, and query strings without the filters left empty. Each area keeps its own
 * wrapper for what differs (how a refusal is reported, which server it calls). No DOM here: the
 * unit tests import this file under the server's type check.
 */
export interface Caller {
  readonly token: string;
  readonly lang?: string;
  readonly onUnauthorized?: () => void;
}

/** `fetch` as the user: the bearer token (and the console's language, when given); a 401 ends the session. */
export async function authorizedFetch(caller: Caller, url: string, init: RequestInit = {}): Promise<Response> {
  const headers: Record<string, string> = { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${caller.token}` };
  if (caller.lang) headers['accept-language'] = caller.lang;
  const res = await fetch(url, { ...init, headers });
  if (res.status === 401) caller.onUnauthorized?.();
  return res;
}

/** `a=1&b=x` from the filters that are set: undefined and blank values are left out. */
export function queryString(query: Record<string, string | number | undefined>): string {
  return new URLSearchParams(
    Object.entries(query)
      .filter((e): e is [string, string | number] => e[1] !== undefined && String(e[1]).trim() !== '')
      .map(([k, v]): [string, string] => [k, String(v)]),
  ).toString();
}

// The local OpenID Provider for tests: started in the suite's process on a port of its worker's
// range, signing with the test issuer keys, and a sign-in through it without a browser
// (authorization code + PKCE, the login form posted as a person would).
import { createHash, randomBytes } from 'node:crypto';
import { startOidcProvider as startProvider, type DemoAccount, type RunningOidcProvider } from '../../tools/infra/oidc-provider.mjs';
import { startBrowserPlatform } from './platform.js';
import { testKeys, testPort } from './test-env.js';

export interface TestOidcProvider extends RunningOidcProvider {
  /** `AUTH_ISSUERS` entries trusting these issuers through their JWKS (append to the test keys' entries). */
  readonly authIssuers: string;
  /** Settings for a service that trusts the development issuers and these ones (JWKS over http: loopback). */
  readonly serviceEnv: { AUTH_ISSUERS: string; AUTH_ALLOW_HTTP_JWKS: 'true' };
  /** `CONSOLE_OIDC_ISSUERS` for a hub whose console signs in here. */
  readonly consoleIssuers: string;
}

/** The provider of tools/infra/oidc-provider.mjs for `consoleOrigins` (e.g. `http://127.0.0.1:<hub port>`). */
export async function startOidcProvider(
  opts: { consoleOrigins?: string[]; accessTokenTtlSeconds?: number; audience?: string; accounts?: DemoAccount[]; port?: number } = {},
): Promise<TestOidcProvider> {
  const keys = Object.fromEntries(Object.entries(testKeys.issuers).map(([a, k]) => [a, k.key]));
  const idp = await startProvider({ ...opts, port: opts.port ?? (await testPort()), keys, consoleOrigins: opts.consoleOrigins ?? ['http://127.0.0.1:9'] });
  const authIssuers = Object.entries(idp.issuers)
    .map(([a, iss]) => `${a}:${iss}=${iss}/jwks`)
    .join(',');
  return {
    ...idp,
    authIssuers,
    serviceEnv: { AUTH_ISSUERS: `${testKeys.authIssuers},${authIssuers}`, AUTH_ALLOW_HTTP_JWKS: 'true' },
    consoleIssuers: Object.entries(idp.issuers)
      .map(([a, iss]) => `${a}=${iss}`)
      .join(','),
  };
}

/**
 * A browser platform (see startBrowserPlatform) whose console signs in at a provider of its own;
 * nodes and hub trust its issuers as well as the development ones (so `token()` still works).
 */
export async function startOidcBrowserPlatform(agencies = ['AZ', 'KZ', 'TM'], opts: { accessTokenTtlSeconds?: number } = {}) {
  const hubPort = await testPort();
  const hubUrl = `http://127.0.0.1:${hubPort}`;
  const idp = await startOidcProvider({ consoleOrigins: [hubUrl], ...opts });
  const platform = await startBrowserPlatform(agencies, { PORT: String(hubPort), ...idp.serviceEnv, CONSOLE_OIDC_ISSUERS: idp.consoleIssuers }, idp.serviceEnv);
  return {
    ...platform,
    idp,
    async close() {
      await platform.close();
      await idp.stop();
    },
  };
}

export interface ProviderTokens {
  readonly access_token: string;
  readonly id_token: string;
  readonly refresh_token: string;
}

/**
 * Signs `username` in at `issuer` as the console does, without a browser: authorize with PKCE, the
 * provider's login form, the redirect back with a code, the code exchanged at the token endpoint.
 */
export async function signInWithProvider(
  issuer: string,
  username: string,
  password: string,
  redirectUri: string,
  clientId = 'cix-console',
): Promise<ProviderTokens> {
  const md = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as { authorization_endpoint: string; token_endpoint: string };
  const jar = new Map<string, string>();
  const go = async (url: string, init: RequestInit = {}) => {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const c of res.headers.getSetCookie()) {
      const kv = c.split(';')[0];
      jar.set(kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1));
    }
    return res;
  };
  const verifier = randomBytes(32).toString('base64url');
  const q = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: 'openid api',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    state: randomBytes(8).toString('hex'),
  });
  let res = await go(`${md.authorization_endpoint}?${q.toString()}`);
  const loginPage = new URL(res.headers.get('location') ?? '', issuer).href;
  res = await go(loginPage + '/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }),
  });
  if (res.status !== 303) throw new Error(`login of ${username} at ${issuer}: ${res.status}`);
  let location = new URL(res.headers.get('location') ?? '', issuer).href;
  while (!location.startsWith(redirectUri)) {
    res = await go(location);
    if (res.status < 300 || res.status >= 400) throw new Error(`sign-in of ${username} at ${issuer} stopped at ${location}: ${res.status}`);
    location = new URL(res.headers.get('location') ?? '', issuer).href;
  }
  const code = new URL(location).searchParams.get('code');
  if (!code) throw new Error(`no code from ${issuer}: ${location}`);
  return tokenRequest(md.token_endpoint, { grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: clientId, code_verifier: verifier });
}

/** A new access token for a refresh token (the provider rotates it). */
export async function refreshAtProvider(issuer: string, refreshToken: string, clientId = 'cix-console'): Promise<ProviderTokens> {
  return tokenRequest(`${issuer}/token`, { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: clientId });
}

async function tokenRequest(endpoint: string, body: Record<string, string>): Promise<ProviderTokens> {
  const res = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body) });
  const answer = (await res.json()) as ProviderTokens & { error?: string };
  if (!res.ok) throw new Error(`token endpoint ${endpoint}: ${res.status} ${answer.error}`);
  return answer;
}

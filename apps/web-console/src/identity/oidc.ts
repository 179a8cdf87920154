/**
 * OpenID Connect in the browser: authorization code + PKCE at the provider of the agency the person
 * picks, the code exchanged at its token endpoint, renewal with the refresh token, and sign-out at
 * the provider. The access token goes to sessionStorage `cix.token` (what every screen and the
 * tests use); what renewal and sign-out need goes to `cix.oidc`. Nothing here verifies the token:
 * the hub and the nodes do, against the provider's published keys.
 */

export interface IssuerChoice {
  readonly agency: string;
  readonly issuer: string;
  readonly clientId: string;
}

interface ProviderMetadata {
  readonly issuer: string;
  readonly authorization_endpoint: string;
  readonly token_endpoint: string;
  readonly end_session_endpoint?: string;
}

/** What a signed-in session keeps for renewal and sign-out (never the password, never the code verifier). */
export interface OidcSession extends IssuerChoice {
  readonly tokenEndpoint: string;
  readonly endSessionEndpoint?: string;
  readonly refreshToken?: string;
  readonly idToken?: string;
}

interface Pending extends IssuerChoice {
  readonly verifier: string;
  readonly state: string;
  readonly nonce: string;
  readonly tokenEndpoint: string;
  readonly endSessionEndpoint?: string;
  /** The screen (hash) the person wanted before signing in. */
  readonly returnTo: string;
}

interface TokenAnswer {
  access_token?: string;
  refresh_token?: string;
  id_token?: string;
  error?: string;
  error_description?: string;
}

const TOKEN_KEY = 'cix.token';
const SESSION_KEY = 'cix.oidc';
const PENDING_KEY = 'cix.oidc.pending';
/** The platform's API (RFC 8707 resource indicator); the provider then issues tokens for the platform's audience. */
const SCOPE = 'openid api';

/** Why signing in failed, in words the sign-in page can show (`code` picks the label). */
export class SignInError extends Error {
  constructor(
    readonly code: 'provider' | 'state' | 'exchange' | 'unavailable',
    detail?: string,
  ) {
    super(detail ?? code);
  }
}

const redirectUri = () => `${location.origin}/`;

function b64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

const random = (n = 32) => b64url(crypto.getRandomValues(new Uint8Array(n)));

async function metadata(issuer: string): Promise<ProviderMetadata> {
  const res = await fetch(`${issuer}/.well-known/openid-configuration`).catch(() => null);
  if (!res?.ok) throw new SignInError('unavailable', issuer);
  const md = (await res.json()) as ProviderMetadata;
  // A provider answering for another issuer is not the one the hub trusts for this agency.
  if (md.issuer !== issuer) throw new SignInError('unavailable', `metadata names ${md.issuer}`);
  return md;
}

/** Leaves for the provider's sign-in page; the browser returns to `/` with a code. */
export async function beginSignIn(choice: IssuerChoice, lang: string): Promise<void> {
  const md = await metadata(choice.issuer);
  const verifier = random();
  const challenge = b64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  const pending: Pending = {
    ...choice,
    verifier,
    state: random(16),
    nonce: random(16),
    tokenEndpoint: md.token_endpoint,
    endSessionEndpoint: md.end_session_endpoint,
    returnTo: location.hash,
  };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const q = new URLSearchParams({
    client_id: choice.clientId,
    response_type: 'code',
    redirect_uri: redirectUri(),
    scope: SCOPE,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: pending.state,
    nonce: pending.nonce,
    ui_locales: lang,
  });
  location.assign(`${md.authorization_endpoint}?${q}`);
}

/** True when the page was opened by the provider's redirect (a code or an error in the query). */
export function isCallback(): boolean {
  const q = new URLSearchParams(location.search);
  return q.has('state') && (q.has('code') || q.has('error'));
}

/** True (once) when the provider sent the browser back after signing out. */
export function consumeSignedOut(): boolean {
  const q = new URLSearchParams(location.search);
  if (q.get('state') !== 'signed-out' || q.has('code')) return false;
  history.replaceState(null, '', `/${location.hash}`);
  return true;
}

/** Finishes the sign-in the provider sent the browser back from; returns the access token. */
export async function completeSignIn(): Promise<string> {
  const q = new URLSearchParams(location.search);
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null') as Pending | null;
  sessionStorage.removeItem(PENDING_KEY);
  history.replaceState(null, '', `/${pending?.returnTo ?? ''}`);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
  // The code is good only for the request this tab started (state), from the provider it went to (iss, RFC 9207).
  if (!pending || q.get('state') !== pending.state) throw new SignInError('state');
  if (q.has('iss') && q.get('iss') !== pending.issuer) throw new SignInError('state', 'issuer mismatch');
  if (q.has('error')) throw new SignInError('provider', q.get('error_description') ?? q.get('error') ?? undefined);
  const answer = await tokenRequest(pending.tokenEndpoint, {
    grant_type: 'authorization_code',
    code: q.get('code') ?? '',
    redirect_uri: redirectUri(),
    client_id: pending.clientId,
    code_verifier: pending.verifier,
  });
  if (answer.id_token && claimsOf(answer.id_token).nonce !== pending.nonce) throw new SignInError('state', 'nonce mismatch');
  const { agency, issuer, clientId, tokenEndpoint, endSessionEndpoint } = pending;
  store(answer.access_token!, { agency, issuer, clientId, tokenEndpoint, endSessionEndpoint, refreshToken: answer.refresh_token, idToken: answer.id_token });
  return answer.access_token!;
}

async function tokenRequest(endpoint: string, body: Record<string, string>): Promise<TokenAnswer> {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body),
  }).catch(() => null);
  if (!res) throw new SignInError('unavailable');
  const answer = (await res.json().catch(() => ({}))) as TokenAnswer;
  if (!res.ok || !answer.access_token) throw new SignInError('exchange', answer.error_description ?? answer.error ?? String(res.status));
  return answer;
}

function store(token: string, session: OidcSession): void {
  sessionStorage.setItem(TOKEN_KEY, token);
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
}

export function oidcSession(): OidcSession | null {
  try {
    return JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null') as OidcSession | null;
  } catch {
    return null;
  }
}

/** A pasted token replaces a provider session: nothing of that session may renew over it. */
export function forgetProviderSession(): void {
  sessionStorage.removeItem(SESSION_KEY);
}

/** A session signed in at a provider that gave a refresh token can be renewed without leaving the page. */
export const canRenew = (): boolean => !!oidcSession()?.refreshToken;

/** A fresh access token from the refresh token (which the provider rotates); throws when the provider refuses. */
export async function renew(): Promise<string> {
  const s = oidcSession();
  if (!s?.refreshToken) throw new SignInError('exchange', 'no refresh token');
  const answer = await tokenRequest(s.tokenEndpoint, { grant_type: 'refresh_token', refresh_token: s.refreshToken, client_id: s.clientId });
  store(answer.access_token!, { ...s, refreshToken: answer.refresh_token ?? s.refreshToken, idToken: answer.id_token ?? s.idToken });
  return answer.access_token!;
}

/**
 * Forgets the session in this tab; returns where to send the browser so that the provider ends its
 * own session too (else the next "sign in" would pass straight through), or null for a pasted token.
 */
export function endSession(lang: string): string | null {
  const s = oidcSession();
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(SESSION_KEY);
  if (!s?.endSessionEndpoint) return null;
  const q = new URLSearchParams({ client_id: s.clientId, post_logout_redirect_uri: redirectUri(), state: 'signed-out', ui_locales: lang });
  if (s.idToken) q.set('id_token_hint', s.idToken);
  return `${s.endSessionEndpoint}?${q}`;
}

/** The payload of a JWT, unverified (for times and display only). */
export function claimsOf(jwt: string): { exp?: number; iat?: number; nonce?: string } {
  try {
    return JSON.parse(atob(jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: number; iat?: number; nonce?: string };
  } catch {
    return {};
  }
}

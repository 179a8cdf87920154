import { readFileSync } from 'node:fs';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { DEFAULT_REFERENCE_DATA } from '@cix/contracts';
import { PROGRAMME_AGENCY, ROLES, type Principal, type Role } from '@cix/contracts';

export class AuthenticationError extends Error {}

type KeySource = KeyObject | JWTVerifyGetKey;

/** The audience every token of the platform must name (`aud`), unless a deployment configures another. */
export const DEFAULT_AUDIENCE = 'caspian-intel-exchange';
/** The longest token lifetime (`exp` - `iat`) accepted unless configured otherwise: 12 h. */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 12 * 3600;
/** The issuer id of the local stack's development issuer of an agency (also what an `AGENCY=source` entry trusts). */
export const devIssuerId = (agency: string) => `ccp-dev-issuer-${agency}`;

export interface TokenPolicy {
  /** `aud` must contain this. */
  readonly audience: string;
  /** Refuse tokens living longer than this (from `iat`, or from now when `iat` lies ahead). */
  readonly maxLifetimeSeconds: number;
  /** Local development only: accept `http://` JWKS URLs. */
  readonly allowHttpJwks: boolean;
  /** The units of each agency (reference data): an officer's `unit` must be one of its agency's. */
  readonly units: ReadonlyArray<{ readonly code: string; readonly agency: string }>;
}

/** A URL on this machine (127.0.0.0/8, ::1, localhost): the only place keys may come from over http. */
export function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
  } catch {
    return false;
  }
}

/** One `AUTH_ISSUERS` entry: `AGENCY:ISSUER_ID=source`, or the older `AGENCY=source` (development issuer id). */
export function parseIssuerEntry(entry: string): { agency: string; issuer: string; source: string } {
  const m = /^([A-Z]{2,3})(?::([^=]+))?=(.+)$/.exec(entry);
  if (!m) throw new Error(`AUTH_ISSUERS entry "${entry}" must be AGENCY:ISSUER_ID=source (or AGENCY=source for the development issuer)`);
  return { agency: m[1], issuer: m[2] ?? devIssuerId(m[1]), source: m[3] };
}

/**
 * Verifies bearer tokens against the configured issuers. The key is chosen by the token's
 * `agency` claim and its `iss`, so one agency's issuer can never mint another agency's tokens and
 * only the issuers configured for an agency are trusted for it.
 */
export class TokenVerifier {
  private constructor(
    private readonly keys: ReadonlyMap<string, ReadonlyMap<string, KeySource>>,
    private readonly policy: TokenPolicy,
  ) {}

  /**
   * `spec`: comma-separated `AGENCY:ISSUER_ID=source` (an agency may be listed once per issuer),
   * source = PEM public key file or https JWKS URL.
   */
  static fromSpec(spec: string, onlyAgencies?: readonly string[], policy: Partial<TokenPolicy> = {}): TokenVerifier {
    const full: TokenPolicy = {
      audience: policy.audience ?? DEFAULT_AUDIENCE,
      maxLifetimeSeconds: policy.maxLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
      allowHttpJwks: policy.allowHttpJwks ?? false,
      units: policy.units ?? DEFAULT_REFERENCE_DATA.units,
    };
    const keys = new Map<string, Map<string, KeySource>>();
    for (const entry of spec
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const { agency, issuer, source } = parseIssuerEntry(entry);
      if (onlyAgencies && !onlyAgencies.includes(agency)) continue;
      const issuers = keys.get(agency) ?? new Map<string, KeySource>();
      if (issuers.has(issuer)) throw new Error(`AUTH_ISSUERS lists issuer "${issuer}" of ${agency} twice`);
      issuers.set(issuer, TokenVerifier.keySource(agency, source, full.allowHttpJwks));
      keys.set(agency, issuers);
    }
    return new TokenVerifier(keys, full);
  }

  private static keySource(agency: string, source: string, allowHttp: boolean): KeySource {
    if (/^https:\/\//i.test(source)) return createRemoteJWKSet(new URL(source));
    if (/^http:\/\//i.test(source)) {
      // Keys fetched in clear text can be swapped by anyone on the path: only for a local OpenID Provider.
      if (!allowHttp)
        throw new Error(`AUTH_ISSUERS: the JWKS URL of ${agency} must be https (AUTH_ALLOW_HTTP_JWKS=true allows http for local development only)`);
      if (!isLoopbackUrl(source)) throw new Error(`AUTH_ISSUERS: an http JWKS URL must be on this machine (loopback), not ${source}`);
      return createRemoteJWKSet(new URL(source));
    }
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) throw new Error(`AUTH_ISSUERS: unsupported key source for ${agency}: ${source}`);
    return createPublicKey(readFileSync(source));
  }

  async verify(token: string): Promise<Principal> {
    let claims: JWTPayload;
    try {
      claims = decodeJwt(token);
    } catch {
      throw new AuthenticationError('malformed token');
    }
    const agency = claims.agency;
    const issuers = typeof agency === 'string' ? this.keys.get(agency) : undefined;
    if (!issuers) throw new AuthenticationError('token from an issuer this service does not trust');
    const key = typeof claims.iss === 'string' ? issuers.get(claims.iss) : undefined;
    if (!key) throw new AuthenticationError(`token issuer ${JSON.stringify(claims.iss ?? null)} is not a configured issuer of ${String(agency)}`);
    let payload;
    try {
      ({ payload } = await jwtVerify(token, key as Parameters<typeof jwtVerify>[1], {
        algorithms: ['EdDSA'],
        issuer: claims.iss as string,
        audience: this.policy.audience,
        requiredClaims: ['exp', 'iat', 'sub', 'iss', 'aud'],
      }));
    } catch (e) {
      throw new AuthenticationError(`invalid token: ${(e as Error).message}`);
    }
    const problem = claimProblem(payload, agency as string, this.policy);
    if (problem) throw new AuthenticationError(problem);
    const role = payload.role as Role;
    const unit = typeof payload.unit === 'string' ? payload.unit : undefined;
    return { sub: payload.sub!, agency: agency as string, role, unit, exp: payload.exp! };
  }
}

/**
 * The claim rules beyond the signature, as a pure function (unit-tested on its own): lifetime,
 * subject, role for the agency, and the officer's unit against the reference data.
 */
export function claimProblem(
  payload: { sub?: unknown; exp?: unknown; iat?: unknown; role?: unknown; unit?: unknown },
  agency: string,
  policy: Pick<TokenPolicy, 'maxLifetimeSeconds' | 'units'>,
  nowSeconds = Math.floor(Date.now() / 1000),
): string | null {
  const exp = Number(payload.exp);
  const iat = Number(payload.iat);
  if (!Number.isFinite(exp) || !Number.isFinite(iat)) return 'token lacks exp or iat';
  // A token dated ahead would otherwise live longer than its exp - iat says.
  const lifetime = exp - Math.min(iat, nowSeconds);
  if (lifetime > policy.maxLifetimeSeconds) return `token lifetime ${lifetime}s exceeds the maximum of ${policy.maxLifetimeSeconds}s`;
  // eslint-disable-next-line no-control-regex -- a subject with control characters is refused on purpose
  if (typeof payload.sub !== 'string' || !payload.sub.trim() || payload.sub.length > 256 || /[\u0000-\u001f\u007f]/.test(payload.sub)) {
    return 'token subject (sub) must be a non-empty name';
  }
  const role = payload.role as Role;
  if (!ROLES.includes(role)) return 'token has no valid role';
  // The programme issues coordinators and programme auditors; agencies issue officers and their auditors.
  if ((agency === PROGRAMME_AGENCY) !== (role === 'coordinator') && role !== 'auditor') return `role ${role} cannot belong to agency ${agency}`;
  if (payload.unit !== undefined || role === 'officer') {
    // What an officer writes is signed with this unit: it must be a unit of the officer's own agency.
    const unit = payload.unit;
    if (typeof unit !== 'string' || !policy.units.some((u) => u.code === unit && u.agency === agency)) {
      return `unit ${JSON.stringify(unit ?? null).slice(0, 80)} is not a unit of ${agency}`;
    }
  }
  return null;
}

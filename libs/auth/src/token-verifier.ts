import { readFileSync } from 'node:fs';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { PROGRAMME_AGENCY, ROLES, type Principal, type Role } from './principal.js';

export class AuthenticationError extends Error {}

type KeySource = KeyObject | JWTVerifyGetKey;

/**
 * Verifies bearer tokens against the configured issuers. The key is chosen by the token's
 * `agency` claim, so one agency's issuer can never mint another agency's tokens.
 */
export class TokenVerifier {
  private constructor(private readonly keys: ReadonlyMap<string, KeySource>) {}

  /** `spec`: comma-separated `AGENCY=source`, source = PEM public key file or https JWKS URL. */
  static fromSpec(spec: string, onlyAgencies?: readonly string[]): TokenVerifier {
    const keys = new Map<string, KeySource>();
    for (const entry of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
      const eq = entry.indexOf('=');
      if (eq < 1) throw new Error(`AUTH_ISSUERS entry "${entry}" must be AGENCY=source`);
      const agency = entry.slice(0, eq);
      const source = entry.slice(eq + 1);
      if (onlyAgencies && !onlyAgencies.includes(agency)) continue;
      keys.set(agency, /^https?:\/\//.test(source) ? createRemoteJWKSet(new URL(source)) : createPublicKey(readFileSync(source)));
    }
    return new TokenVerifier(keys);
  }

  async verify(token: string): Promise<Principal> {
    let agency: unknown;
    try {
      agency = decodeJwt(token).agency;
    } catch {
      throw new AuthenticationError('malformed token');
    }
    const key = typeof agency === 'string' ? this.keys.get(agency) : undefined;
    if (!key) throw new AuthenticationError('token from an issuer this service does not trust');
    let payload;
    try {
      ({ payload } = await jwtVerify(token, key as Parameters<typeof jwtVerify>[1], { algorithms: ['EdDSA'], requiredClaims: ['exp', 'sub'] }));
    } catch (e) {
      throw new AuthenticationError(`invalid token: ${(e as Error).message}`);
    }
    const role = payload.role as Role;
    if (!ROLES.includes(role)) throw new AuthenticationError('token has no valid role');
    // The programme issues coordinators and programme auditors; agencies issue officers and their auditors.
    if ((agency === PROGRAMME_AGENCY) !== (role === 'coordinator') && role !== 'auditor') {
      throw new AuthenticationError(`role ${role} cannot belong to agency ${agency}`);
    }
    const unit = typeof payload.unit === 'string' ? payload.unit : undefined;
    return { sub: payload.sub!, agency: agency as string, role, unit };
  }
}

import { createPrivateKey, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Role } from '@cix/contracts';
import { DEFAULT_AUDIENCE, devIssuerId } from './token-verifier.js';

/** Issues a token the way an agency's identity provider would; used by the local stack and tests. */
export async function issueToken(
  privateKeyPem: string | Buffer,
  claims: { agency: string; role: Role; unit?: string; sub?: string },
  ttlSeconds = 8 * 3600,
  opts: { audience?: string; issuer?: string } = {},
): Promise<string> {
  const key = createPrivateKey(privateKeyPem);
  return new SignJWT({ agency: claims.agency, role: claims.role, ...(claims.unit ? { unit: claims.unit } : {}) })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
    .setSubject(claims.sub ?? `${claims.agency.toLowerCase()}-${claims.role}-${randomUUID().slice(0, 8)}`)
    .setIssuer(opts.issuer ?? devIssuerId(claims.agency))
    .setAudience(opts.audience ?? DEFAULT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(key);
}

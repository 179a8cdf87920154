import type { Principal } from '@cix/contracts';
import type { TokenVerifier } from './token-verifier.js';

/**
 * For the few public routes (health) that show more to an authenticated caller: the caller of a
 * valid bearer token, or null (no token, or one that does not verify: answered as anonymous).
 */
export async function optionalPrincipal(verifier: TokenVerifier, authorization: string | undefined): Promise<Principal | null> {
  const m = authorization ? /^Bearer\s+(\S+)$/i.exec(authorization) : null;
  if (!m) return null;
  return verifier.verify(m[1]).catch(() => null);
}

import type { TokenPolicy } from '@cix/auth';
import type { CommonEnv } from '@cix/config';
import type { ReferenceDataService } from './reference-data.service.js';

/** The token rules of a service, from its configuration and the deployment's reference data (units). */
export function tokenPolicy(config: CommonEnv, ref: ReferenceDataService): TokenPolicy {
  return {
    audience: config.AUTH_AUDIENCE,
    maxLifetimeSeconds: config.AUTH_MAX_TOKEN_LIFETIME_SECONDS,
    allowHttpJwks: config.AUTH_ALLOW_HTTP_JWKS === 'true',
    units: ref.data.units,
  };
}

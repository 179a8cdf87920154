import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { claimProblem, DEFAULT_MAX_TOKEN_LIFETIME_SECONDS, issueToken, ROLES, type Role } from '@cix/auth';
import { DEFAULT_REFERENCE_DATA } from '@cix/contracts';
import { UsageError, type CliContext } from '../cli-context.js';

export const TOKEN_USAGE = 'cix token --agency KZ --role officer --unit KZ-AKTAU [--sub name] [--ttl seconds]';

/** Prints a development bearer token, signed by the agency's local issuer key, as the last line. */
export async function tokenCommand(ctx: CliContext, argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { agency: { type: 'string' }, role: { type: 'string' }, unit: { type: 'string' }, sub: { type: 'string' }, ttl: { type: 'string' } },
  });
  const agency = values.agency?.toUpperCase();
  if (!agency || !/^[A-Z]{2,3}$/.test(agency)) throw new UsageError(`--agency is required (AZ, KZ, TM or CCP)\nusage: ${TOKEN_USAGE}`);
  if (!values.role || !ROLES.includes(values.role as Role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}\nusage: ${TOKEN_USAGE}`);
  const keyFile = path.join(ctx.keysDir, `issuer-${agency}.key.pem`);
  let key: Buffer;
  try {
    key = readFileSync(keyFile);
  } catch {
    throw new UsageError(
      `no development issuer key for ${agency} at ${keyFile}: run \`npm start\` once to generate the keys, or set CIX_DATA_DIR to the data folder of the \`npm start\` that runs`,
    );
  }
  const ttl = values.ttl ? Number(values.ttl) : undefined;
  if (ttl !== undefined && !(ttl > 0)) throw new UsageError('--ttl must be a positive number of seconds');
  // The services refuse longer-lived tokens (AUTH_MAX_TOKEN_LIFETIME_SECONDS) and officers without a unit of their agency.
  if (ttl !== undefined && ttl > DEFAULT_MAX_TOKEN_LIFETIME_SECONDS)
    throw new UsageError(`--ttl must be at most ${DEFAULT_MAX_TOKEN_LIFETIME_SECONDS} seconds (the services' default AUTH_MAX_TOKEN_LIFETIME_SECONDS)`);
  if (values.role === 'officer' && !values.unit)
    throw new UsageError(`an officer token needs --unit (one of the agency's units in GET /api/reference)\nusage: ${TOKEN_USAGE}`);
  // Refuse here what every service would refuse (a unit of another agency, a CCP officer…), not at first use.
  const now = Math.floor(Date.now() / 1000);
  const problem = claimProblem({ sub: values.sub ?? 'cli', iat: now, exp: now + (ttl ?? 0), role: values.role, unit: values.unit }, agency, {
    maxLifetimeSeconds: DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
    units: DEFAULT_REFERENCE_DATA.units,
  });
  if (problem) throw new UsageError(`${problem}\nusage: ${TOKEN_USAGE}`);
  console.log(await issueToken(key, { agency, role: values.role as Role, unit: values.unit, sub: values.sub }, ttl));
}

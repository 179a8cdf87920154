// The local stack's OpenID Provider in a process of its own (started by scripts/stack.mjs): the
// four issuers of tools/infra/oidc-provider.mjs on OIDC_PORT, signing with the development issuer
// keys in OIDC_KEYS (JSON: agency → PEM file), for the console at CONSOLE_ORIGINS (comma-separated).
import { startOidcProvider } from '../tools/infra/oidc-provider.mjs';

const env = process.env;
const idp = await startOidcProvider({
  port: Number(env.OIDC_PORT ?? 3100),
  keys: JSON.parse(env.OIDC_KEYS ?? '{}'),
  consoleOrigins: (env.CONSOLE_ORIGINS ?? 'http://127.0.0.1:3000').split(',').filter(Boolean),
  audience: env.AUTH_AUDIENCE ?? 'caspian-intel-exchange',
  accessTokenTtlSeconds: Number(env.OIDC_ACCESS_TOKEN_TTL_SECONDS ?? 600),
});
console.log(`issuers ${Object.values(idp.issuers).join(' ')}`);
const stop = () => void idp.stop().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

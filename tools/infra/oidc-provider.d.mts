import type { DemoAccount } from './oidc-accounts.mjs';
export { API_RESOURCE, CONSOLE_CLIENT_ID, DEMO_PASSWORD, demoAccounts, OIDC_AGENCIES, type DemoAccount } from './oidc-accounts.mjs';
export interface RunningOidcProvider {
  /** `http://127.0.0.1:PORT`; each agency's issuer is `<url>/<AGENCY>`. */
  url: string;
  issuers: Record<string, string>;
  accounts: DemoAccount[];
  password: string;
  clientId: string;
  stop(): Promise<void>;
}
export function startOidcProvider(opts: {
  port?: number;
  host?: string;
  keys: Record<string, string>;
  consoleOrigins: string[];
  audience?: string;
  accessTokenTtlSeconds?: number;
  accounts?: DemoAccount[];
  agencies?: string[];
}): Promise<RunningOidcProvider>;

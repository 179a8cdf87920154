import path from 'node:path';

/** What every command may need, read once from the environment by main.ts. */
export interface CliContext {
  readonly dataDir: string;
  readonly keysDir: string;
  readonly urls: { readonly hub: string; readonly AZ: string; readonly KZ: string; readonly TM: string };
  /** Where the local stack's hub database and NATS are (operator commands). */
  readonly defaults: { readonly hubDatabaseUrl: string; readonly natsUrl: string };
}

export function cliContext(env: Record<string, string | undefined>): CliContext {
  const dataDir = path.resolve(env.CIX_DATA_DIR ?? '.data');
  const host = env.HOST ?? '127.0.0.1';
  return {
    dataDir,
    keysDir: path.join(dataDir, 'keys'),
    urls: {
      hub: `http://${host}:${env.HUB_PORT ?? 3000}`,
      AZ: `http://${host}:${env.AZ_PORT ?? 3001}`,
      KZ: `http://${host}:${env.KZ_PORT ?? 3002}`,
      TM: `http://${host}:${env.TM_PORT ?? 3003}`,
    },
    defaults: {
      hubDatabaseUrl: `postgres://postgres@${host}:${env.PG_PORT ?? 5433}/ccp_hub`,
      natsUrl: `nats://${host}:${env.NATS_PORT ?? 4222}`,
    },
  };
}

export class UsageError extends Error {}

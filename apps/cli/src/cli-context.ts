import path from 'node:path';

/** What every command may need, read once from the environment by main.ts. */
export interface CliContext {
  readonly dataDir: string;
  readonly keysDir: string;
  readonly urls: { readonly hub: string; readonly AZ: string; readonly KZ: string; readonly TM: string };
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
  };
}

export class UsageError extends Error {}

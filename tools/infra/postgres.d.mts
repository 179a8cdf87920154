export interface RunningPostgres {
  kind: 'system' | 'embedded';
  port: number;
  url(db: string): string;
  adminUrl: string;
  stop(): Promise<void>;
}
export function startPostgres(opts: { dataDir: string; port: number; fast?: boolean; log?: string; settings?: string[] }): Promise<RunningPostgres>;
export function ensureDatabases(adminUrl: string, names: string[]): Promise<void>;

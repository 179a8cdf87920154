export function findNatsServer(): string | null;
export function ensureNatsServer(opts?: { install?: boolean }): string;
export function inboxPrefix(user: string): string;
export const OPERATOR_USER: string;
export function streamName(agency: string): string;
export function agencySubjects(agency: string): string;
export function hubDurableName(agency: string): string;
export interface NatsUser {
  user: string;
  password: string;
}
export interface NatsServerTls {
  certFile: string;
  keyFile: string;
  caFile: string;
  verify?: boolean;
}
export function natsUsers(agencies: string[], secretsFile?: string): Record<string, NatsUser>;
export function natsConfig(opts: {
  port: number;
  storeDir: string;
  users: Record<string, NatsUser>;
  agencies: string[];
  host?: string;
  passwordsFromEnv?: boolean;
  tls?: NatsServerTls;
}): string;
export function passwordVar(user: string): string;
export function startNats(opts: {
  dir: string;
  port: number;
  agencies: string[];
  secretsFile?: string;
  stdio?: 'ignore' | 'inherit';
  admin?: boolean;
  tls?: NatsServerTls;
}): Promise<{
  url: string;
  users: Record<string, NatsUser>;
  confFile: string;
  tls?: NatsServerTls;
  stop(): Promise<void>;
  start(): Promise<void>;
  readonly process: import('node:child_process').ChildProcess;
}>;

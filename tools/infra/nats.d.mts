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
  serverName?: string;
  httpPort?: number;
  cluster?: { name: string; port: number; password?: string; routes?: string[] };
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
export const ROUTE_PASSWORD_VAR: string;
export const ROUTE_USER: string;
export function natsUrlList(urls: string[]): string;
export interface ClusterServer {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  /** http://127.0.0.1:PORT: /jsz, /healthz, /varz of this server. */
  readonly monitorUrl: string;
  readonly confFile: string;
  readonly storeDir: string;
  start(): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<void>;
  stop(): Promise<void>;
  readonly process: import('node:child_process').ChildProcess | undefined;
}
export function startNatsCluster(opts: {
  dir: string;
  ports: number[];
  /** Route and monitoring ports; free ones from the OS when left out. */
  clusterPorts?: number[];
  httpPorts?: number[];
  agencies: string[];
  secretsFile?: string;
  stdio?: 'ignore' | 'inherit';
  admin?: boolean;
  name?: string;
}): Promise<{
  url: string;
  users: Record<string, NatsUser>;
  servers: ClusterServer[];
  confFile: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}>;
export function waitForJetStreamCluster(servers: Array<{ name: string; monitorUrl: string }>, timeoutMs?: number): Promise<void>;

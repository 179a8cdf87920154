export const DUPLICATE_WINDOW_MS: number;
export function agencyStreamConfig(agency: string, opts?: { replicas?: number; maxAgeDays?: number }): Record<string, unknown> & { name: string };
export function hubConsumerConfig(agency: string, opts?: { maxDeliver?: number }): Record<string, unknown> & { durable_name: string };
export interface NatsTlsFiles {
  caFile?: string;
  certFile?: string;
  keyFile?: string;
}
export function natsTlsOptions(files?: NatsTlsFiles): { caFile?: string; certFile?: string; keyFile?: string } | undefined;
export function provisionStreams(opts: {
  url: string;
  user?: string;
  password: string;
  agencies: string[];
  replicas?: number;
  maxAgeDays?: number;
  maxDeliver?: number;
  tls?: { caFile?: string; certFile?: string; keyFile?: string };
  log?: (line: string) => void;
}): Promise<void>;

/** Small HTTP helpers for the e2e suites: real requests against the listening apps. */
export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export async function call<T = any>(
  method: string,
  url: string,
  opts: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.raw !== undefined) body = opts.raw;
  else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  if (opts.raw !== undefined) headers['content-type'] ??= 'application/json';
  const res = await fetch(url, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/** Polls until `check` returns a value (eventual consistency of the hub), or fails with the last state. */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what} (last: ${String(last)})`);
}

export const minimalSeizure = (overrides: Record<string, unknown> = {}) => ({
  kind: 'seizure',
  unit: 'KZ-AKTAU',
  occurredAt: '2026-11-20T08:00:00Z',
  commodity: { category: 'drugs', description: 'heroin in a false floor', hsCode: '293911' },
  quantity: { value: 12.5, unit: 'kg' },
  containers: ['CSQU3054383'],
  route: { departure: 'AF', transit: ['TM'], destination: 'AZ' },
  distribution: { level: 'regional' },
  handlingCode: 'H1',
  ...overrides,
});

/** The events of an NDJSON replay answer: its header line, signed checkpoints and export claims left out. */
export const replayedEvents = (body: unknown): any[] =>
  (body as string)
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((e) => !e.checkpoint && !e.exportClaims);

import type { WireEvent } from '@cix/contracts';
import { checkEvent, checkLink, type IntegrityFailure, type TrustStore } from './event-integrity.js';

export interface StreamVerdict {
  readonly intact: boolean;
  readonly verified: number;
  readonly perAgency: Record<string, number>;
  /** Whether the export claimed to be complete (then every chain must start at position 1). */
  readonly complete: boolean;
  readonly broken?: { readonly line: number; readonly agency?: string; readonly position?: number; readonly eventId?: string; readonly reason: IntegrityFailure | 'malformed' | 'out-of-order' };
}

/**
 * Verifies an NDJSON replay (header line, then events) in one pass with constant memory: every
 * hash and signature, and per agency the links between consecutive events. A complete export must
 * hold each chain from its first event; a filtered one is checked event by event and wherever two
 * events are adjacent. Stops at, and names, the first broken event.
 */
export async function verifyReplay(lines: AsyncIterable<string>, trust: TrustStore, onEvent?: (n: number) => void): Promise<StreamVerdict> {
  const last = new Map<string, { position: number; hash: string }>();
  const perAgency: Record<string, number> = {};
  let complete = false;
  let verified = 0;
  let n = 0;
  const fail = (line: number, reason: NonNullable<StreamVerdict['broken']>['reason'], e?: Partial<WireEvent>): StreamVerdict => ({
    intact: false, verified, perAgency, complete, broken: { line, agency: e?.agency, position: e?.position, eventId: e?.eventId, reason },
  });
  for await (const raw of lines) {
    n++;
    if (!raw.trim()) continue;
    let e: WireEvent & { kind?: string; complete?: boolean };
    try {
      e = JSON.parse(raw);
    } catch {
      return fail(n, 'malformed');
    }
    if (n === 1 && e.kind === 'cix-replay') {
      complete = e.complete === true;
      continue;
    }
    if (typeof e.agency !== 'string' || !Number.isSafeInteger(e.position)) return fail(n, 'malformed', e);
    const prev = last.get(e.agency) ?? null;
    if (prev && e.position <= prev.position) return fail(n, 'out-of-order', e);
    const adjacent = prev ? e.position === prev.position + 1 : complete || e.position === 1;
    const link = adjacent || complete ? checkLink(e, prev) : null;
    const reason = link ?? checkEvent(e, trust);
    if (reason) return fail(n, reason, e);
    last.set(e.agency, { position: e.position, hash: e.hash });
    perAgency[e.agency] = (perAgency[e.agency] ?? 0) + 1;
    verified++;
    onEvent?.(verified);
  }
  return { intact: true, verified, perAgency, complete };
}

// Pure (no Node imports): `cix verify` runs it over node:crypto (verify-stream.ts), the auditor's
// browser over WebCrypto (webcrypto-integrity.ts), so both hold an export to the same rules.
import type { WireEvent } from '../../../contracts/src/events/envelope.js';
import { checkEventWith, checkLink, isCheckpointLine, isExportClaimsLine, type IntegrityCrypto, type IntegrityFailure } from './integrity-rules.js';
import {
  CheckpointLedger,
  type CheckpointFailure,
  type CheckpointProblem,
  type CheckpointVerdict,
  type ExporterVerdict,
  type TrustedKey,
} from './verify-checkpoints.js';

export interface StreamVerdict {
  readonly intact: boolean;
  readonly verified: number;
  readonly perAgency: Record<string, number>;
  /** Whether the export claimed to be complete (then every chain must start at position 1). */
  readonly complete: boolean;
  readonly broken?: {
    readonly line: number;
    readonly agency?: string;
    readonly position?: number;
    readonly eventId?: string;
    readonly reason: IntegrityFailure | CheckpointFailure | 'malformed' | 'out-of-order';
    readonly detail?: string;
  };
  /** The signed checkpoint of each agency the export carried (see checkpoint.ts). */
  readonly checkpoints: CheckpointVerdict[];
  /** Every key a signature was accepted from, with its fingerprint. */
  readonly trustedKeys: TrustedKey[];
  /** Who signed the export's claims (scope, filters, completeness, count), once verified. */
  readonly exporter?: ExporterVerdict;
}

/**
 * Verifies an NDJSON replay (header line, then events) in one pass with constant memory: every
 * hash and signature, and per agency the links between consecutive events. A complete export must
 * hold each chain from its first event; a filtered one is checked event by event and wherever two
 * events are adjacent. Stops at, and names, the first broken event. `{"checkpoint": ...}` lines
 * (signed heads, see checkpoint.ts) are checked against the events: an export whose events end
 * before its checkpoint, hold fewer than its header announces, or lack a checkpoint for an agency
 * they contain is not intact. The header is not signed: the exporter's signed `{"exportClaims": ...}`
 * line (see export-claims.ts) must be there and say the same, and its scope decides which agencies
 * must carry a checkpoint.
 */
export async function verifyReplayWith<K>(
  lines: AsyncIterable<string> | Iterable<string>,
  crypto: IntegrityCrypto<K>,
  onEvent?: (n: number) => void,
): Promise<StreamVerdict> {
  const last = new Map<string, { position: number; hash: string }>();
  const perAgency: Record<string, number> = {};
  let complete = false;
  let header: { agencies?: unknown; expected?: unknown } = {};
  let headerLine: Record<string, unknown> | undefined;
  const ledger = new CheckpointLedger(crypto);
  let verified = 0;
  let n = 0;
  const fail = async (
    line: number,
    reason: NonNullable<StreamVerdict['broken']>['reason'],
    e?: Partial<WireEvent>,
    detail?: string,
  ): Promise<StreamVerdict> => ({
    intact: false,
    verified,
    perAgency,
    complete,
    broken: { line, agency: e?.agency, position: e?.position, eventId: e?.eventId, reason, ...(detail ? { detail } : {}) },
    checkpoints: ledger.verdicts(),
    trustedKeys: await ledger.trustedKeys(),
    ...exporter(),
  });
  const exporter = () => {
    const x = ledger.exporter();
    return x ? { exporter: x } : {};
  };
  const failCheckpoint = (line: number, p: CheckpointProblem) => fail(line, p.reason, { agency: p.agency, position: p.position }, p.detail);
  for await (const raw of lines) {
    n++;
    if (!raw.trim()) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return fail(n, 'malformed');
    }
    // The file is untrusted input: `null`, a number or a list parses but is no event (and `null` would crash below).
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return fail(n, 'malformed');
    const e = parsed as WireEvent & { kind?: string; complete?: boolean };
    if (n === 1 && e.kind === 'cix-replay') {
      complete = e.complete === true;
      header = e as typeof header;
      headerLine = e as unknown as Record<string, unknown>;
      continue;
    }
    if (isExportClaimsLine(e)) {
      const problem = await ledger.addClaims(e);
      if (problem) return failCheckpoint(n, problem);
      continue;
    }
    if (isCheckpointLine(e)) {
      const problem = await ledger.add(e.checkpoint);
      if (problem) return failCheckpoint(n, problem);
      continue;
    }
    if (typeof e.agency !== 'string' || !Number.isSafeInteger(e.position)) return fail(n, 'malformed', e);
    const prev = last.get(e.agency) ?? null;
    if (prev && e.position <= prev.position) return fail(n, 'out-of-order', e);
    const adjacent = prev ? e.position === prev.position + 1 : complete || e.position === 1;
    const link = adjacent || complete ? checkLink(e, prev) : null;
    const reason = link ?? (await checkEventWith(e, crypto));
    if (reason) return fail(n, reason, e);
    const atCheckpoint = ledger.event(e);
    if (atCheckpoint) return failCheckpoint(n, atCheckpoint);
    last.set(e.agency, { position: e.position, hash: e.hash });
    perAgency[e.agency] = (perAgency[e.agency] ?? 0) + 1;
    verified++;
    onEvent?.(verified);
  }
  const agencies = Array.isArray(header.agencies) ? header.agencies.filter((a): a is string => typeof a === 'string') : [];
  const expected = Number.isSafeInteger(header.expected) ? (header.expected as number) : undefined;
  const end = ledger.finish({ last, counts: perAgency, complete, agencies, expected, verified });
  if (end) return failCheckpoint(n, end);
  const claims = ledger.finishClaims({ header: headerLine, counts: perAgency, verified });
  if (claims) return failCheckpoint(n, claims);
  return { intact: true, verified, perAgency, complete, checkpoints: ledger.verdicts(), trustedKeys: await ledger.trustedKeys(), ...exporter() };
}

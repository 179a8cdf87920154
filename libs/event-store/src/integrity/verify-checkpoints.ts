// Pure (no Node imports): the auditor's browser runs it too, see integrity-rules.ts.
import type { WireEvent } from '../../../contracts/src/events/envelope.js';
import { canonicalJson } from './canonical-json.js';
import {
  checkAttestationWith,
  checkCheckpointWith,
  checkExportClaimsWith,
  malformedClaims,
  type ExportClaims,
  type ExportClaimsLine,
  type IntegrityCrypto,
  type IntegrityFailure,
  type SignedCheckpoint,
} from './integrity-rules.js';

export type CheckpointFailure = 'checkpoint-missing' | 'truncated' | 'checkpoint-mismatch' | 'count-mismatch' | 'claims-missing' | 'claims-mismatch';

/** Who signed the export's claims (see export-claims.ts), once they verified. */
export interface ExporterVerdict {
  readonly agency: string;
  readonly keyId: string;
  readonly exportedAt: string;
  readonly filters: Readonly<Record<string, unknown>>;
}

export interface TrustedKey {
  readonly agency: string;
  readonly keyId: string;
  /** SHA-256 of the public key (DER, SPKI), hex. */
  readonly fingerprint: string;
}

export interface CheckpointVerdict {
  readonly agency: string;
  readonly position: number;
  readonly hash: string;
  readonly time?: string;
  readonly keyId: string;
  readonly over: SignedCheckpoint['over'];
  /** For `over: 'event'`: whether the exporter's countersignature was checked. */
  readonly attested?: boolean;
}

export interface CheckpointProblem {
  readonly agency?: string;
  readonly position?: number;
  readonly reason: IntegrityFailure | CheckpointFailure | 'malformed';
  readonly detail: string;
}

/**
 * Collects the signed checkpoints of an export and, at its end, holds the events against them:
 * the events of each agency must reach its checkpoint (same position, same hash), a complete
 * export must hold every event up to it, and the header's announced count must be there. Also
 * records which keys signatures were accepted from, so the verifier can say whom it trusted.
 */
export class CheckpointLedger<K = unknown> {
  private readonly checkpoints = new Map<string, CheckpointVerdict>();
  private readonly keysUsed = new Set<string>();
  private claims?: ExportClaimsLine;

  constructor(private readonly crypto: IntegrityCrypto<K>) {}

  /** A `{"checkpoint": ...}` line: its signature must hold; one per agency. */
  async add(cp: SignedCheckpoint): Promise<CheckpointProblem | null> {
    if (
      typeof cp.agency !== 'string' ||
      !Number.isSafeInteger(cp.position) ||
      cp.position < 0 ||
      typeof cp.hash !== 'string' ||
      typeof cp.keyId !== 'string' ||
      typeof cp.signature !== 'string' ||
      (cp.over !== 'checkpoint' && cp.over !== 'event')
    ) {
      return { agency: cp?.agency, reason: 'malformed', detail: 'checkpoint line is malformed' };
    }
    if (this.checkpoints.has(cp.agency)) return { agency: cp.agency, reason: 'malformed', detail: `a second checkpoint for ${cp.agency}` };
    const reason = await checkCheckpointWith(cp, this.crypto);
    if (reason) return { agency: cp.agency, position: cp.position, reason, detail: `checkpoint of ${cp.agency} (key ${cp.keyId}): ${reason}` };
    this.keysUsed.add(`${cp.agency}/${cp.keyId}`);
    let attested: boolean | undefined;
    if (cp.over === 'event') {
      // An exporter that derives a checkpoint always attests it: one without is a replaced line.
      if (!cp.attestation)
        return { agency: cp.agency, position: cp.position, reason: 'malformed', detail: `the ${cp.agency} checkpoint carries no exporter attestation` };
      const a = await checkAttestationWith(cp, this.crypto);
      if (a && a !== 'untrusted')
        return { agency: cp.agency, position: cp.position, reason: a, detail: `exporter's attestation of the ${cp.agency} checkpoint: ${a}` };
      attested = a === null;
      if (attested) this.keysUsed.add(`${cp.attestation.agency}/${cp.attestation.keyId}`);
    }
    const time = cp.time ?? (attested ? cp.attestation!.time : undefined);
    this.checkpoints.set(cp.agency, {
      agency: cp.agency,
      position: cp.position,
      hash: cp.hash,
      time,
      keyId: cp.keyId,
      over: cp.over,
      ...(attested === undefined ? {} : { attested }),
    });
    return null;
  }

  /** The `{"exportClaims": ...}` line: well formed, one, signed by a key the verifier trusts for the exporter. */
  async addClaims(line: ExportClaimsLine): Promise<CheckpointProblem | null> {
    const malformed = malformedClaims(line);
    if (malformed) return { reason: 'malformed', detail: malformed };
    if (this.claims) return { reason: 'malformed', detail: 'a second export claims line' };
    const c = line.exportClaims;
    const reason = await checkExportClaimsWith(line, this.crypto);
    if (reason) {
      const why = reason === 'unknown-key' ? ": the exporter's key is not trusted, so neither the export's scope nor its completeness can be checked" : '';
      return { agency: c.exporter, reason, detail: `export claims signed by ${c.exporter} (key ${line.keyId}): ${reason}${why}` };
    }
    this.keysUsed.add(`${c.exporter}/${line.keyId}`);
    this.claims = line;
    return null;
  }

  exporter(): ExporterVerdict | undefined {
    const l = this.claims;
    return l && { agency: l.exportClaims.exporter, keyId: l.keyId, exportedAt: l.exportClaims.exportedAt, filters: l.exportClaims.filters };
  }

  /**
   * After `finish`: the export must carry the exporter's signed claims, the unsigned header must say
   * the same, every agency in the signed scope must carry its checkpoint (or be signed as empty),
   * nothing outside the scope may be there, and the events must number what the exporter signed.
   */
  finishClaims(o: { header?: Record<string, unknown>; counts: Record<string, number>; verified: number }): CheckpointProblem | null {
    if (!this.claims)
      return {
        reason: 'claims-missing',
        detail: "the export carries no signed export claims: its scope and completeness are the exporter's word only if signed",
      };
    const c: ExportClaims = this.claims.exportClaims;
    if (!o.header) return { reason: 'claims-mismatch', detail: 'the export has no header line' };
    for (const field of ['agencies', 'filters', 'complete', 'exportedAt'] as const) {
      if (canonicalJson(o.header[field] ?? null) !== canonicalJson(c[field]))
        return { reason: 'claims-mismatch', detail: `the header's ${field} is not what ${c.exporter} signed` };
    }
    if (o.header.expected !== undefined && o.header.expected !== c.expected)
      return { reason: 'claims-mismatch', detail: `the header's expected is not what ${c.exporter} signed` };
    const signed = (a: string) => (Object.hasOwn(c.checkpoints, a) ? c.checkpoints[a] : undefined);
    for (const a of new Set([...Object.keys(c.checkpoints), ...this.checkpoints.keys(), ...Object.keys(o.counts)])) {
      if (!c.agencies.includes(a)) return { agency: a, reason: 'claims-mismatch', detail: `${a} is outside the scope ${c.exporter} signed` };
    }
    for (const a of c.agencies) {
      const position = signed(a);
      const cp = this.checkpoints.get(a);
      if (position === undefined) {
        if (cp || (o.counts[a] ?? 0) > 0)
          return { agency: a, reason: 'claims-mismatch', detail: `${c.exporter} signed that ${a} had no events, yet the export holds some` };
        continue;
      }
      if (!cp)
        return {
          agency: a,
          reason: 'checkpoint-missing',
          detail: `no signed checkpoint for ${a}, which is in the scope ${c.exporter} signed (checkpoint at position ${position}): its events may have been removed`,
        };
      if (cp.position !== position)
        return {
          agency: a,
          position: cp.position,
          reason: 'checkpoint-mismatch',
          detail: `the ${a} checkpoint is at position ${cp.position}, ${c.exporter} signed one at position ${position}`,
        };
    }
    if (o.verified !== c.expected)
      return { reason: 'count-mismatch', detail: `${c.exporter} signed an export of ${c.expected} events, the export holds ${o.verified}` };
    return null;
  }

  /**
   * Each verified event: its key was trusted; at a checkpoint's position its hash must be the
   * checkpoint's (checked here when the checkpoint line came first, else at the end when the
   * events end at it; exports end at their checkpoint, so memory stays constant).
   */
  event(e: WireEvent): CheckpointProblem | null {
    this.keysUsed.add(`${e.agency}/${e.keyId}`);
    const cp = this.checkpoints.get(e.agency);
    return cp && cp.position === e.position && cp.hash !== e.hash ? this.mismatch(cp) : null;
  }

  /**
   * After the last line. `last` and `counts` are per agency; `complete` is the export's claim to
   * hold every event from position 1; `agencies` and `expected` come from the header.
   */
  finish(o: {
    last: ReadonlyMap<string, { position: number; hash: string }>;
    counts: Record<string, number>;
    complete: boolean;
    agencies: readonly string[];
    expected?: number;
    verified: number;
  }): CheckpointProblem | null {
    if (o.expected !== undefined && o.verified < o.expected) {
      return { reason: 'count-mismatch', detail: `the header announces ${o.expected} events, the export holds ${o.verified}` };
    }
    for (const agency of new Set([...o.agencies, ...o.last.keys()])) {
      const cp = this.checkpoints.get(agency);
      const last = o.last.get(agency)?.position ?? 0;
      const count = o.counts[agency] ?? 0;
      if (!cp) {
        if (count > 0)
          return { agency, reason: 'checkpoint-missing', detail: `no signed checkpoint for ${agency}: cannot rule out that its events were cut short` };
        continue;
      }
      // A filtered export may rightly end early; only a complete one must reach the checkpoint.
      if (o.complete && last < cp.position) {
        return {
          agency,
          position: last,
          reason: 'truncated',
          detail: `${agency} events end at position ${last}, but ${agency} signed a checkpoint at position ${cp.position}${cp.time ? ` (${cp.time})` : ''}`,
        };
      }
      if (last === cp.position && o.last.get(agency)?.hash !== cp.hash && cp.position > 0) return this.mismatch(cp);
      if (o.complete && count !== last) {
        return { agency, position: last, reason: 'count-mismatch', detail: `${agency}: ${count} events for positions 1..${last}` };
      }
    }
    return null;
  }

  verdicts(): CheckpointVerdict[] {
    return [...this.checkpoints.values()];
  }

  async trustedKeys(): Promise<TrustedKey[]> {
    const out: TrustedKey[] = [];
    for (const k of [...this.keysUsed].sort()) {
      const [agency, keyId] = [k.slice(0, k.indexOf('/')), k.slice(k.indexOf('/') + 1)];
      out.push({ agency, keyId, fingerprint: await this.crypto.fingerprint(this.crypto.key(agency, keyId)!) });
    }
    return out;
  }

  private mismatch(cp: { agency: string; position: number }): CheckpointProblem {
    return {
      agency: cp.agency,
      position: cp.position,
      reason: 'checkpoint-mismatch',
      detail: `the ${cp.agency} event at position ${cp.position} is not the one its checkpoint signed`,
    };
  }
}

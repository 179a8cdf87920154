import { sign, verify } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import type { IntegrityFailure, SigningKey, TrustStore } from './event-integrity.js';

/**
 * What an exporter states about an export, signed with its own key: the header line is not signed,
 * yet it decides how strictly the events are held against the checkpoints (`complete`), which
 * agencies must be there (`agencies`) and how many events (`expected`). The exporter writes these
 * claims as the export's last line; `cix verify` requires the header to say the same.
 */
export interface ExportClaims {
  /** Whose key signed: the node's agency for a node export, the hub's log agency for a hub export. */
  readonly exporter: string;
  readonly exportedAt: string;
  /** The scope: every agency whose log the export covers (each carries a checkpoint unless listed as empty). */
  readonly agencies: readonly string[];
  readonly filters: Readonly<Record<string, unknown>>;
  /** The export holds every event of each agency in scope from position 1 to its checkpoint. */
  readonly complete: boolean;
  /** How many event lines the exporter wrote. */
  readonly expected: number;
  /** The checkpoint position the export carries per agency; an agency in scope that is absent had no events. */
  readonly checkpoints: Readonly<Record<string, number>>;
}

export interface ExportClaimsLine {
  readonly exportClaims: ExportClaims;
  readonly keyId: string;
  readonly signature: string;
}

/** The claims exactly as a reader will parse them back from the line (no undefined, no class instances). */
const normalize = (c: ExportClaims): ExportClaims => JSON.parse(JSON.stringify(c)) as ExportClaims;
const claimsBytes = (c: ExportClaims) => Buffer.from(canonicalJson(c), 'utf8');

export function signExportClaims(claims: ExportClaims, key: SigningKey): ExportClaimsLine {
  const exportClaims = normalize(claims);
  return { exportClaims, keyId: key.keyId, signature: sign(null, claimsBytes(exportClaims), key.privateKey).toString('base64') };
}

/** The exporter's signature over the claims: null when it holds. */
export function checkExportClaims(line: ExportClaimsLine, trust: TrustStore): IntegrityFailure | null {
  const key = trust.get(line.exportClaims.exporter, line.keyId);
  if (!key) return 'unknown-key';
  try {
    return verify(null, claimsBytes(line.exportClaims), key, Buffer.from(line.signature, 'base64')) ? null : 'bad-signature';
  } catch {
    return 'bad-signature';
  }
}

export function isExportClaimsLine(v: unknown): v is ExportClaimsLine {
  return !!v && typeof v === 'object' && 'exportClaims' in v;
}

/** Shape check of a parsed claims line: null when well formed, else what is wrong. */
export function malformedClaims(v: ExportClaimsLine): string | null {
  const c = v.exportClaims as Partial<ExportClaims> | null;
  if (!c || typeof c !== 'object' || Array.isArray(c)) return 'the export claims are not an object';
  if (typeof v.keyId !== 'string' || typeof v.signature !== 'string') return 'the export claims carry no key id or signature';
  if (typeof c.exporter !== 'string' || typeof c.exportedAt !== 'string') return 'the export claims name no exporter or time';
  if (!Array.isArray(c.agencies) || !c.agencies.every((a) => typeof a === 'string')) return 'the export claims carry no scope';
  if (!c.filters || typeof c.filters !== 'object' || Array.isArray(c.filters)) return 'the export claims carry no filters';
  if (typeof c.complete !== 'boolean' || !Number.isSafeInteger(c.expected) || c.expected! < 0) return 'the export claims carry no completeness or count';
  if (
    !c.checkpoints ||
    typeof c.checkpoints !== 'object' ||
    Array.isArray(c.checkpoints) ||
    !Object.values(c.checkpoints).every((p) => Number.isSafeInteger(p) && p >= 0)
  )
    return 'the export claims carry no checkpoint positions';
  return null;
}

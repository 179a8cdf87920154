import { sign, verify } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import type { SigningKey, TrustStore } from './event-integrity.js';
import type { ExportClaims, ExportClaimsLine, IntegrityFailure } from './integrity-rules.js';

export { isExportClaimsLine, malformedClaims, type ExportClaims, type ExportClaimsLine } from './integrity-rules.js';

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

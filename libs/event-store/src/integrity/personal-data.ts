import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { isCommitment, isPersonBlock, mapDeep, NON_PERSONAL_FIELDS, type PersonalDataRecord, type PersonalDataRecords, type SignedEvent } from '@cix/contracts';
import { canonicalJson } from './canonical-json.js';

/** sha256(salt ‖ canonicalJson(data)): the salt keeps a short name or number from being guessed from its digest. */
export function personalDataDigest(salt: string, data: unknown): string {
  return createHash('sha256').update(salt).update(canonicalJson(data)).digest('hex');
}

/**
 * Moves every person block of a payload into a side record, leaving its non-personal fields and
 * `{ personalDataRef, digest }` in its place. A payload without persons comes back unchanged.
 */
export function commitPersonalData(payload: unknown): { payload: unknown; personalData?: PersonalDataRecords } {
  const records: Record<string, PersonalDataRecord> = {};
  const committed = mapDeep(payload, (v) => {
    // An erased person (the withheld marker, e.g. in a later snapshot) has nothing left to commit.
    if (!isPersonBlock(v) || isCommitment(v) || v.withheld === true) return undefined;
    const kept: Record<string, unknown> = {};
    const data: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) (NON_PERSONAL_FIELDS.includes(k) ? kept : data)[k] = x;
    const salt = randomBytes(16).toString('hex');
    const ref = `pd-${randomUUID()}`;
    records[ref] = { salt, data };
    return { ...kept, personalDataRef: ref, digest: personalDataDigest(salt, data) };
  });
  return Object.keys(records).length ? { payload: committed, personalData: records } : { payload };
}

/** The digest each reference of the payload commits to. */
function commitments(payload: unknown): Map<string, string> {
  const found = new Map<string, string>();
  mapDeep(payload, (v) => {
    if (isCommitment(v)) found.set(v.personalDataRef, v.digest);
    return undefined;
  });
  return found;
}

/**
 * A present side record must match the digest its reference carries in the (hashed) payload;
 * a withheld or erased one is simply absent. A record the payload does not commit to is refused.
 */
export function personalDataIntact(e: Pick<SignedEvent, 'payload' | 'personalData'>): boolean {
  const records = e.personalData;
  if (records === undefined || records === null) return true;
  if (typeof records !== 'object' || Array.isArray(records)) return false;
  const committed = commitments(e.payload);
  for (const [ref, r] of Object.entries(records)) {
    const digest = committed.get(ref);
    if (!digest || !r || typeof r !== 'object' || typeof r.salt !== 'string') return false;
    if (personalDataDigest(r.salt, r.data) !== digest) return false;
  }
  return true;
}

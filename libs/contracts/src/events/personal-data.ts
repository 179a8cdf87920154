/**
 * Personal data is committed to an event by a salted digest: each person block of the payload
 * keeps only its non-personal fields plus `{ personalDataRef, digest }`, and the block itself
 * travels beside the payload in the event's `personalData` side record. The event hash covers the
 * payload (so the digest) but not the side record, so an export may withhold a record and a lawful
 * erasure may delete it while every hash, link and signature still verifies.
 */
export interface PersonalDataRecord {
  readonly salt: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export type PersonalDataRecords = Readonly<Record<string, PersonalDataRecord>>;

/** What stays in the payload in place of a person block. */
export interface PersonalDataCommitment {
  readonly personalDataRef: string;
  readonly digest: string;
}

/** Fields of a person block that are not personal data and stay in the payload. */
export const NON_PERSONAL_FIELDS: readonly string[] = ['role', 'isPerson'];

export const WITHHELD_NAME = '[personal data withheld]';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A block of personal data as the contracts mark it: a party that is a natural person. */
export const isPersonBlock = (v: unknown): v is Record<string, unknown> => isObject(v) && v.isPerson === true;

export const isCommitment = (v: unknown): v is Record<string, unknown> & PersonalDataCommitment =>
  isObject(v) && typeof v.personalDataRef === 'string' && typeof v.digest === 'string';

/** The shape a person takes for whoever may not see it (or after its data was erased). */
export function withheldPerson(block: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const k of NON_PERSONAL_FIELDS) if (block[k] !== undefined) kept[k] = block[k];
  return { ...kept, isPerson: true, name: WITHHELD_NAME, withheld: true };
}

/** Rebuilds `value` bottom-up, letting `visit` replace any object or array it recognises (`undefined`: keep it). */
export function mapDeep(value: unknown, visit: (v: Record<string, unknown>) => unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => mapDeep(v, visit));
  if (!isObject(value)) return value;
  const replaced = visit(value);
  if (replaced !== undefined) return replaced;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = mapDeep(v, visit);
  return out;
}

/**
 * Puts the person blocks back into a payload: from the side record where present, as the
 * withheld shape where not (withheld from this reader, or erased).
 */
export function restorePersonalData<T>(payload: T, records: PersonalDataRecords | undefined | null): T {
  return mapDeep(payload, (v) => {
    if (!isCommitment(v)) return undefined;
    const { personalDataRef, digest: _d, ...kept } = v;
    const record = records?.[personalDataRef];
    return record ? { ...kept, ...record.data } : withheldPerson(kept);
  }) as T;
}

/** Whether a payload still carries a person inline (events written before commitments existed). */
export function hasInlinePersonalData(payload: unknown): boolean {
  let found = false;
  mapDeep(payload, (v) => {
    if (isPersonBlock(v) && !isCommitment(v) && v.withheld !== true) found = true;
    return undefined;
  });
  return found;
}

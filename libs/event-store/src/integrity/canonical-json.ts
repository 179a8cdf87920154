/**
 * Deterministic JSON (sorted keys, no whitespace): the bytes that are hashed. PostgreSQL's jsonb
 * does not keep key order, so hashing JSON.stringify output would not survive a round trip.
 * Written as one loop with string concatenation (no intermediate entry arrays): it runs for every
 * event appended, relayed, projected and verified. canonical-json.spec.ts holds it byte-equal to
 * the plain recursive definition.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('non-finite number in event');
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i) out += ',';
      const v: unknown = value[i];
      out += canonicalJson(v === undefined ? null : v);
    }
    return out + ']';
  }
  const record = value as Record<string, unknown>;
  // Default sort compares UTF-16 code units, exactly like `<` on strings.
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = record[k];
    if (v === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += JSON.stringify(k) + ':' + canonicalJson(v);
  }
  return out + '}';
}

import { sealEvent, type WireEvent } from '@cix/contracts';

const HEX64 = /^[0-9a-f]{64}$/;

/** Deeper than any event the nodes write; hashing and storing recurse, so deeper input is refused before either. */
export const MAX_EVENT_DEPTH = 64;

/** Nesting depth of a parsed JSON value, measured without recursion (the value is hostile). */
function depthExceeds(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= limit) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return false;
}

/** Structural check of what arrives on the bus before any field is trusted. */
export function asWireEvent(data: unknown): WireEvent | string {
  if (!data || typeof data !== 'object') return 'message is not an object';
  const e = data as Record<string, unknown>;
  if (typeof e.agency !== 'string') return 'missing agency';
  if (!Number.isSafeInteger(e.position) || (e.position as number) < 1) return 'missing or bad position';
  if (typeof e.eventId !== 'string') return 'missing eventId';
  if (typeof e.hash !== 'string' || !HEX64.test(e.hash)) return 'missing or bad hash';
  if (typeof e.prevHash !== 'string' || !HEX64.test(e.prevHash)) return 'missing or bad prevHash';
  if (typeof e.signature !== 'string' || typeof e.keyId !== 'string') return 'missing signature';
  if (depthExceeds(e, MAX_EVENT_DEPTH)) return `nested deeper than ${MAX_EVENT_DEPTH} levels`;
  // A stub is only its header: anything else a publisher adds is dropped, never stored or replayed.
  if (e.sealed === true) return sealEvent(e as unknown as WireEvent);
  if (typeof e.type !== 'string' || typeof e.streamId !== 'string' || !Number.isSafeInteger(e.streamVersion)) return 'missing type or stream';
  if (typeof e.metadata !== 'object' || e.metadata === null || typeof e.recordedAt !== 'string' || typeof e.occurredAt !== 'string') return 'missing metadata';
  if (e.personalData !== undefined && (typeof e.personalData !== 'object' || e.personalData === null || Array.isArray(e.personalData)))
    return 'bad personalData';
  return e as unknown as WireEvent;
}

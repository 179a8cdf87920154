import { isInstant, isSealed, type WireEvent } from '@cix/contracts';
import { isUuid } from '../write/owner-binding.js';

// A signature proves who wrote an event, not that PostgreSQL will take it: a compromised or buggy
// node can sign a NUL, a version beyond int4 or a date only JavaScript parses. Such an event would
// fail the batch's transaction and hold the agency's genuine events behind it, so it is refused
// (quarantined) before anything is written. These are the columns' own limits, nothing stricter.

const INT4_MAX = 2 ** 31 - 1;

// The event is stored as its JSON text: JSON.stringify escapes exactly NUL as \u0000 and a lone
// surrogate as \udXXX (a pair stays literal), which jsonb refuses. An escape is one preceded by an
// even run of backslashes (an odd one is an escaped backslash followed by the letters).
const UNSTORABLE_ESCAPE = /(?<!\\)(?:\\\\)*\\u(?:0000|d[89a-f][0-9a-f]{2})/i;

/** Why the hub cannot store this event as it is, or null. */
export function storageProblem(e: WireEvent): string | null {
  if (UNSTORABLE_ESCAPE.test(JSON.stringify(e))) return 'a NUL or a lone surrogate in the event';
  if (!isUuid(e.eventId)) return 'eventId is not a UUID';
  if (isSealed(e)) return null;
  if (!isInstant(e.recordedAt)) return 'recordedAt is not an RFC 3339 date-time';
  if (!isInstant(e.occurredAt)) return 'occurredAt is not an RFC 3339 date-time';
  if (e.streamVersion < 1 || e.streamVersion > INT4_MAX) return `streamVersion ${e.streamVersion} is outside 1..${INT4_MAX}`;
  return null;
}

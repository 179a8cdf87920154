import type { QueryRunner } from 'typeorm';
import { PersonalDataEventType, type AlertState, type PersonalDataErasedV1, type SignedEvent } from '@cix/contracts';
import { alertEventRefusal, foldAlertForHub } from './owner-binding.js';

// A lawful erasure on the owning node reaches the hub as a signed PersonalDataErased on the
// alert's stream. The batch projector applies it with these rules, live and in a rebuild, so a rebuild from the
// bus (which replays the original events, persons included, and then the erasure) ends the same.

export const isErasure = (e: { type: string }): boolean => e.type === PersonalDataEventType.Erased;

const REF = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * Why an erasure must not be applied, or null: the alert binding of every alert event (only the
 * owner's own event on its alert's stream), and references that can only name a side record.
 */
export function erasureRefusal(e: SignedEvent, owner: string | undefined): string | null {
  const bound = alertEventRefusal(e, owner);
  if (bound) return bound;
  const refs = (e.payload as Partial<PersonalDataErasedV1>)?.refs;
  if (!Array.isArray(refs) || !refs.length || !refs.every((r) => typeof r === 'string' && REF.test(r))) {
    return `${e.type} of ${e.agency} on ${e.streamId} names no valid personal-data references; refused`;
  }
  return null;
}

/**
 * Deletes the named side records from the signer's own earlier events of this alert in the hub's
 * event log (what replay, time travel and exports read), then folds the alert again from that log
 * with the projector's rules, so the persons read as withheld to everyone. Only rows signed by the
 * erasing agency are touched: an agency can erase only what it committed itself.
 * Returns the alert's new state, or null when the hub holds no content for it (sealed so far).
 */
export async function applyErasure(qr: QueryRunner, schema: string, e: SignedEvent): Promise<AlertState | null> {
  for (const ref of (e.payload as PersonalDataErasedV1).refs) {
    await qr.query(
      `UPDATE ${schema}.hub_event_log SET event = event #- ARRAY['personalData', $4::text]
        WHERE agency = $1 AND stream_id = $2 AND position < $3 AND event->'personalData' ? $4`,
      [e.agency, e.streamId, e.position, ref],
    );
  }
  const rows = (await qr.query(`SELECT event FROM ${schema}.hub_event_log WHERE agency = $1 AND stream_id = $2 AND position <= $3 ORDER BY position`, [
    e.agency,
    e.streamId,
    e.position,
  ])) as Array<{ event: SignedEvent }>;
  let state: AlertState | null = null;
  for (const { event } of rows) {
    if (alertEventRefusal(event, state?.agency)) continue;
    const folded = foldAlertForHub(state, event);
    if (!('refusal' in folded) && folded.state?.agency === e.agency) state = folded.state;
  }
  return state;
}

import type { QueryRunner } from 'typeorm';
import type { SharingFacts } from '@cix/access-control';
import { GENESIS_HASH, isSealed, type SealedEvent, type SignedEvent, type WireEvent } from '@cix/contracts';
import { checkEvent, checkSegment, type IntegrityFailure, type TrustStore } from '@cix/event-store';
import { writeEventLog } from '../write/read-model.writer.js';
import { isUuid, liveDecisions, markRefusals, quarantineRefusals, type LiveDecision, type Refusal } from '../write/owner-binding.js';
import { applyTrendDeltas } from '../write/trend-cells.js';
import { foldBatch, type Contested } from './batch-fold.js';
import { correlate, type CorrelationOptions } from './correlate.js';
import type { FeedNotice } from './feed-notice.js';
import { isolateDataRefusals, POSTGRES_REFUSED } from './isolate-data-refusals.js';
import { screenArrivals, screeningNotices } from '../screening/screen-parties.js';
import { storageProblem } from './storable-event.js';
import { asWireEvent } from './wire-event.guard.js';

/** What became of one message of a batch (same order as the messages). */
export type MessageOutcome =
  | { readonly kind: 'applied' }
  | { readonly kind: 'duplicate' }
  /** Can never be applied (malformed, foreign, forged): quarantine it. `failure` when the chain or signature refused it. */
  | { readonly kind: 'refused'; readonly reason: string; readonly failure?: IntegrityFailure; readonly position?: number }
  /** Its predecessor has not arrived: try again later. */
  | { readonly kind: 'later'; readonly reason: string };

/** What changed: an alert, or the feedback one agency gave on it (which only some may learn of). */
export interface AlertChange {
  readonly alertId: string;
  readonly agency: string;
  /** Who could see the alert before the batch (absent for a new one). */
  readonly before?: SharingFacts;
  readonly feedbackFrom?: string;
}

export interface ProjectorOptions {
  /** `public` for the live model, the rebuild's shadow schema for a rebuild. */
  readonly schema: string;
  readonly trust: TrustStore;
  /**
   * live: a position gap waits for the missing event, trend cells move by deltas in the batch.
   * rebuild: a gap is refused (the stream will not deliver it later), the live hub's decisions (its
   * quarantine, its event log) are repeated, trends are recomputed once at the end.
   */
  readonly mode: 'live' | 'rebuild';
  /** Live: match new and amended alerts (absent: off). A rebuild always refreshes the index and never records matches. */
  readonly correlation?: CorrelationOptions;
}

export interface BatchResult {
  readonly outcomes: MessageOutcome[];
  /** Genuine events the owner binding refused (quarantined, the chain advanced over them). */
  readonly refusals: Refusal[];
  /** Alerts whose view changed, one entry per alert (and per agency that gave feedback on it). */
  readonly changes: AlertChange[];
  readonly contested: Contested[];
  /** Notices for the live feed (matches, hits, …), announced after commit; never from a rebuild. */
  readonly notices: FeedNotice[];
}

interface Indexed {
  readonly e: WireEvent;
  readonly i: number;
}

/**
 * The one projector of the hub, live and rebuild: verifies a batch of one agency's events (one
 * signature per run of consecutive events: the chain makes the last signature cover the rest),
 * folds the accepted ones in memory with the nodes' fold and the owner binding, writes them with a
 * handful of set-based statements and moves the checkpoint (position, hash), all in the caller's
 * transaction. The checkpoint row is locked, so a redelivery after a crash between commit and ack
 * finds its events already applied and changes nothing (exactly-once in effect).
 */
export async function projectBatch(qr: QueryRunner, agency: string, messages: readonly unknown[], o: ProjectorOptions): Promise<BatchResult> {
  // A data error narrows the batch down to its culprit, which is refused (see isolate-data-refusals.ts).
  return isolateDataRefusals(qr, messages, (part, unstorable) => projectOnce(qr, agency, part, o, unstorable));
}

async function projectOnce(
  qr: QueryRunner,
  agency: string,
  messages: readonly unknown[],
  o: ProjectorOptions,
  unstorable: Map<number, string>,
): Promise<BatchResult> {
  const outcomes: MessageOutcome[] = new Array<MessageOutcome>(messages.length);
  const shaped: Indexed[] = [];
  for (const [i, m] of messages.entries()) {
    const e = asWireEvent(m);
    if (typeof e === 'string') outcomes[i] = { kind: 'refused', reason: e };
    else if (e.agency !== agency) outcomes[i] = { kind: 'refused', reason: `event of ${e.agency} on ${agency}'s stream` };
    else shaped.push({ e, i });
  }
  const result: BatchResult = { outcomes, refusals: [], changes: [], contested: [], notices: [] };
  if (!shaped.length) return result;
  const [cp] = (await qr.query(`SELECT position, hash FROM ${o.schema}.hub_checkpoints WHERE agency = $1 FOR UPDATE`, [agency])) as Array<
    { position: string; hash: string } | undefined
  >;
  const start = { position: cp ? Number(cp.position) : 0, hash: cp?.hash ?? GENESIS_HASH };
  const replayed = await replayedStubs(qr, o.schema, agency, shaped);
  for (const { e, i } of replayed)
    outcomes[i] = {
      kind: 'refused',
      reason: `event ${e.eventId} at position ${e.position} refused: the stub of another position's event, replayed`,
      position: e.position,
    };
  const { accepted, last, duplicates } = verify(
    shaped.filter((x) => !replayed.has(x)),
    start,
    o,
    outcomes,
  );
  await refuseEquivocations(qr, o.schema, agency, accepted, duplicates, outcomes);
  if (!accepted.length) return result;
  const decided = o.mode === 'rebuild' ? await liveDecisions(qr, agency, accepted) : new Map<number, LiveDecision>();
  // Genuine (the chain runs through it) but not storable as it is: logged sealed, refused, the chain
  // advances. A rebuild repeats what PostgreSQL refused live, so its log matches the live one.
  for (const e of accepted) {
    const live = decided.get(e.position);
    if (typeof live === 'string' && live.startsWith(POSTGRES_REFUSED)) unstorable.set(e.position, live);
    const problem = unstorable.has(e.position) ? null : storageProblem(e);
    if (problem) unstorable.set(e.position, `event at position ${e.position} cannot be stored: ${problem}; refused`);
  }
  await writeEventLog(
    qr,
    o.schema,
    accepted.map((e) => (unstorable.has(e.position) ? sealedForLog(e) : e)),
  );
  const full = accepted.filter((e): e is SignedEvent => !isSealed(e) && !unstorable.has(e.position)); // sealed (national-only): logged, never projected
  const folded = await foldBatch(qr, o.schema, full, decided, o.mode);
  const refusals = await markRefusals(qr, o.schema, [
    ...accepted.filter((e) => unstorable.has(e.position)).map((e) => ({ agency, position: e.position, reason: unstorable.get(e.position)!, raw: e })),
    ...folded.refused,
  ]);
  // A rebuild's own refusals (no live decision followed) are kept apart, so no later rebuild takes them for the live hub's.
  const repeated = (r: Refusal) => o.mode === 'live' || (r.agency === agency && typeof decided.get(r.position) === 'string');
  await quarantineRefusals(qr, refusals.filter(repeated));
  await quarantineRefusals(
    qr,
    refusals.filter((r) => !repeated(r)),
    'rebuild',
  );
  if (o.mode === 'live') await applyTrendDeltas(qr, o.schema, folded.alerts);
  await qr.query(
    `INSERT INTO ${o.schema}.hub_checkpoints (agency, position, hash) VALUES ($1, $2, $3)
     ON CONFLICT (agency) DO UPDATE SET position = $2, hash = $3, updated_at = now()`,
    [agency, last.position, last.hash],
  );
  // After the fold, before the checkpoint moves: a redelivered batch is a duplicate and never gets here again.
  const notices: FeedNotice[] = await correlate(qr, o.schema, folded.alerts, o.mode, o.correlation);
  // Requests for information and answers (folded with the batch) are announced live only, like matches;
  // screening is a fact of the live hub (a rebuild keeps its hits, it does not screen again).
  if (o.mode === 'live') notices.push(...folded.notices, ...screeningNotices(await screenArrivals(qr, o.schema, folded.alerts)));
  return { outcomes, refusals, changes: folded.changes, contested: folded.contested, notices };
}

/**
 * Splits the batch into the events that continue the chain (in position order) and the rest. A
 * refused event is dropped and the rest tried again, so a forged event does not take the genuine
 * one at the same position down with it. Fills `outcomes` for every shaped message.
 */
function verify(shaped: readonly Indexed[], start: { position: number; hash: string }, o: ProjectorOptions, outcomes: MessageOutcome[]) {
  // Stable: a redelivered predecessor may arrive after its successors; same positions keep their order.
  let pending = [...shaped].sort((a, b) => a.e.position - b.e.position);
  let last = start;
  const accepted: WireEvent[] = [];
  for (;;) {
    const run: Indexed[] = [];
    const later: Indexed[] = [];
    for (const x of pending) (x.e.position > (run.at(-1)?.e.position ?? last.position) ? run : later).push(x);
    const { valid, failure } = checkSegment(
      run.map((x) => x.e),
      last,
      o.trust,
    );
    for (const x of run.slice(0, valid)) {
      accepted.push(x.e);
      outcomes[x.i] = { kind: 'applied' };
    }
    if (valid) last = { position: run[valid - 1].e.position, hash: run[valid - 1].e.hash };
    if (!failure) {
      // At or before the checkpoint: a redelivery, unless it is not the genuine event.
      const duplicates: Indexed[] = [];
      for (const x of later) {
        const bad = checkEvent(x.e, o.trust);
        outcomes[x.i] = bad ? refused(x.e, bad) : { kind: 'duplicate' };
        if (!bad) duplicates.push(x);
      }
      return { accepted, last, duplicates };
    }
    const failed = run[failure.index];
    if (failure.reason === 'position-gap' && o.mode === 'live') {
      const waiting = { kind: 'later', reason: `waiting for position ${last.position + 1} of ${failed.e.agency}` } as const;
      for (const x of run.slice(failure.index)) outcomes[x.i] = waiting;
      pending = later;
      continue;
    }
    outcomes[failed.i] = refused(failed.e, failure.reason);
    const rest = new Set([...run.slice(failure.index + 1), ...later]);
    pending = pending.filter((x) => rest.has(x));
  }
}

/**
 * Stubs whose hash belongs to an event at another position (in the log, or elsewhere in this
 * batch). A stub's signature covers its hash, not its position, so a publisher without the key
 * could otherwise replay earlier stubs to fork the agency's chain; a genuine hash commits to its
 * position, so it is unique in the log. Refused before verification, so the genuine event at that
 * position can still be applied.
 */
async function replayedStubs(qr: QueryRunner, schema: string, agency: string, shaped: readonly Indexed[]): Promise<Set<Indexed>> {
  const stubs = shaped.filter((x) => isSealed(x.e));
  if (!stubs.length) return new Set();
  // Where a hash provably belongs: the verified log, or a full event (its hash recomputes with its position).
  const positionsOf = new Map<string, Set<number>>();
  const note = (hash: string, position: number) => positionsOf.set(hash, (positionsOf.get(hash) ?? new Set()).add(position));
  for (const { e } of shaped) if (!isSealed(e)) note(e.hash, e.position);
  const logged = (await qr.query(
    `SELECT position, event->>'hash' AS hash FROM ${schema}.hub_event_log WHERE agency = $1 AND event->>'hash' = ANY($2::text[])`,
    [agency, stubs.map((x) => x.e.hash)],
  )) as Array<{ position: string; hash: string }>;
  for (const r of logged) note(r.hash, Number(r.position));
  return new Set(stubs.filter((x) => [...(positionsOf.get(x.e.hash) ?? [])].some((p) => p !== x.e.position)));
}

/**
 * A signed event at a position already applied with a different hash: either a stub moved to
 * another position (a stub's signature cannot bind its position) or a node that signed two
 * histories. Acked as a duplicate it would go unseen; refused, it is quarantined and the fork shows.
 */
async function refuseEquivocations(
  qr: QueryRunner,
  schema: string,
  agency: string,
  accepted: readonly WireEvent[],
  duplicates: readonly Indexed[],
  outcomes: MessageOutcome[],
): Promise<void> {
  if (!duplicates.length) return;
  const known = new Map<number, string>(accepted.map((e) => [e.position, e.hash]));
  const unknown = duplicates.map((x) => x.e.position).filter((p) => !known.has(p));
  if (unknown.length) {
    const rows = (await qr.query(`SELECT position, event->>'hash' AS hash FROM ${schema}.hub_event_log WHERE agency = $1 AND position = ANY($2::bigint[])`, [
      agency,
      unknown,
    ])) as Array<{ position: string; hash: string }>;
    for (const r of rows) known.set(Number(r.position), r.hash);
  }
  for (const { e, i } of duplicates) {
    const logged = known.get(e.position);
    if (logged !== undefined && logged !== e.hash)
      outcomes[i] = {
        kind: 'refused',
        reason: `event ${e.eventId} at position ${e.position} refused: another event holds this position`,
        position: e.position,
      };
  }
}

const refused = (e: WireEvent, failure: IntegrityFailure): MessageOutcome => ({
  kind: 'refused',
  reason: `event ${e.eventId} at position ${e.position} refused: ${failure}`,
  failure,
  position: e.position,
});

/**
 * What the log keeps of an event it cannot store: the sealed stub (its signature covers its hash,
 * so replay still verifies the chain through it), with an event id the uuid column takes.
 */
function sealedForLog(e: WireEvent): SealedEvent {
  const h = e.hash;
  const eventId = isUuid(e.eventId) ? e.eventId : `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
  return { sealed: true, agency: e.agency, position: e.position, eventId, prevHash: e.prevHash, hash: e.hash, signature: e.signature, keyId: e.keyId };
}

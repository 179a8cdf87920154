import { randomInt } from 'node:crypto';
import type { SharingFacts } from '@cix/access-control';
import type { FeedNotice } from '@cix/read-model';

/** One change the live feed announced (or would have, had anyone listened): what a resumed feed replays. */
export interface AlertJournalEntry {
  /** The SSE `id:` of every event this change produced. */
  readonly id: number;
  readonly alertId: string;
  /** Who could see the alert before the change (absent for a new alert). */
  readonly before?: SharingFacts;
  readonly feedbackFrom?: string;
  readonly notice?: undefined;
}

/** A notice (match, hit, …): its audience is judged again when it is replayed. */
export interface NoticeJournalEntry {
  readonly id: number;
  readonly notice: FeedNotice;
  readonly alertId?: undefined;
}

export type JournalEntry = AlertJournalEntry | NoticeJournalEntry;
type NewEntry = Omit<AlertJournalEntry, 'id'> | Omit<NoticeJournalEntry, 'id'>;

/** What the live feed has yet to announce after a given id: up to `limit` entries, and whether older ones were dropped unannounced. */
export interface Pending {
  readonly entries: JournalEntry[];
  /** Entries after the id fell out of the journal before they were announced (the feed fell that far behind). */
  readonly missed: boolean;
}

/** Where a resumed feed starts: the entries after the client's id, or a reset when they are not all held. */
export type Resume = { readonly kind: 'replay'; readonly entries: JournalEntry[] } | { readonly kind: 'reset'; readonly reason: string };

/**
 * The feed's memory of the last `capacity` changes, in the order they were announced. Ids rise
 * strictly: microseconds of the wall clock at the change (or one more than the last), so they keep
 * rising across restarts of the hub unless its clock steps back. What happened before this process
 * started is not held: an id from before that (or from the future, or not ours) asks for a reset,
 * so the client reloads its lists rather than silently missing a change.
 */
export class FeedJournal {
  private readonly entries: JournalEntry[] = [];
  private lastId: number;
  /** Every change with an id above this one is held. */
  private horizon: number;

  constructor(
    private readonly capacity: number,
    private readonly nowMicros: () => number = () => Date.now() * 1000,
    /** Every id of this journal ends in these three digits: replicas of the hub (random tags) rarely give the same id. */
    private readonly tag: number = randomInt(1000),
  ) {
    this.lastId = this.horizon = this.tagged(this.nowMicros());
  }

  /** The first id at or after `t` that carries this journal's tag. */
  private tagged(t: number): number {
    return t + ((this.tag - (t % 1000) + 1000) % 1000);
  }

  /** The newest id given (at start: the moment this journal began). */
  get latest(): number {
    return this.lastId;
  }

  record<T extends NewEntry>(change: T): T & { readonly id: number } {
    this.lastId = this.tagged(Math.max(this.nowMicros(), this.lastId + 1));
    const entry = { ...change, id: this.lastId };
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.horizon = this.entries.shift()!.id;
    return entry;
  }

  /** Up to `limit` entries after `after` (the last id announced), oldest first. */
  pending(after: number, limit: number): Pending {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.entries[mid].id <= after) lo = mid + 1;
      else hi = mid;
    }
    return { entries: this.entries.slice(lo, lo + limit), missed: after < this.horizon };
  }

  /** The id above which every entry is held. */
  get heldAfter(): number {
    return this.horizon;
  }

  /** The entries after `lastEventId` up to `through` (the last one already announced live). */
  resume(lastEventId: string, through: number): Resume {
    if (!/^\d{1,16}$/.test(lastEventId)) return { kind: 'reset', reason: 'unknown-id' };
    const from = Number(lastEventId);
    if (from > this.lastId) return { kind: 'reset', reason: 'unknown-id' };
    if (from < this.horizon) return { kind: 'reset', reason: 'too-old' };
    // Ids are this replica's own: one given by another replica of the hub (a reconnect landed elsewhere) is not a place in this journal.
    if (from !== this.horizon && !this.entries.some((e) => e.id === from)) return { kind: 'reset', reason: 'unknown-id' };
    return { kind: 'replay', entries: this.entries.filter((e) => e.id > from && e.id <= through) };
  }
}

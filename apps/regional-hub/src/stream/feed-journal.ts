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
  ) {
    this.lastId = this.horizon = this.nowMicros();
  }

  /** The newest id given (at start: the moment this journal began). */
  get latest(): number {
    return this.lastId;
  }

  record<T extends NewEntry>(change: T): T & { readonly id: number } {
    this.lastId = Math.max(this.nowMicros(), this.lastId + 1);
    const entry = { ...change, id: this.lastId };
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.horizon = this.entries.shift()!.id;
    return entry;
  }

  /** The entries after `lastEventId` up to `through` (the last one already announced live). */
  resume(lastEventId: string, through: number): Resume {
    if (!/^\d{1,16}$/.test(lastEventId)) return { kind: 'reset', reason: 'unknown-id' };
    const from = Number(lastEventId);
    if (from > this.lastId) return { kind: 'reset', reason: 'unknown-id' };
    if (from < this.horizon) return { kind: 'reset', reason: 'too-old' };
    return { kind: 'replay', entries: this.entries.filter((e) => e.id > from && e.id <= through) };
  }
}

import { Inject, Injectable, type MessageEvent, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import type { Principal } from '@cix/auth';
import { canSeeAlert, canSeeFeedback, type SharingFacts } from '@cix/access-control';
import { ErrorCode } from '@cix/contracts';
import { audienceHits, audienceRefs, queryRows, sql, type FeedNotice } from '@cix/read-model';
import { feedbackFor } from '../alerts/domain/feedback.repository.js';
import { sharingFacts, toHubAlertView, type FeedbackRow, type HubAlertRow } from '../alerts/domain/hub-alert.view.js';
import { ProjectionService } from '../projection/projection.service.js';
import { AccessLogService } from '../audit/access-log.service.js';
import { DiscoveryRepository } from '../discovery/discovery.repository.js';
import { FeedJournal, type AlertJournalEntry, type JournalEntry, type NoticeJournalEntry } from './feed-journal.js';
import { hearsNotice } from './notice-audience.js';

/** Changes a resumed feed can catch up on; older ids get `event: reset`. */
const JOURNAL_CAPACITY = 10_000;
/** Changes announced per round: one query loads a round's alerts, so a burst costs a few round trips, not one per change. */
const ROUND = 200;

/** What a notice's audience is judged against, as it stands now. */
interface NoticeFacts {
  readonly sharing: ReadonlyMap<string, SharingFacts>;
  readonly knownHits: ReadonlySet<string>;
}

interface Subscriber {
  readonly principal: Principal;
  readonly send: (m: MessageEvent) => void;
}

/**
 * The live feed: each change the projection commits is checked against each subscriber's access
 * rules at that moment, with the same policy as every other read. A subscriber hears of an alert
 * only if it can open it, and of feedback only if it can see that feedback; an alert it could see
 * before a change and may no longer see is announced as withdrawn (it learns nothing new by that).
 * Every change gets a rising id (the SSE `id:`); a client that reconnects with the last id it saw
 * is told what it missed, judged by what it may see now, before the live events resume.
 * Notices (a match, a hit, …) travel the same way: each names its audience, judged at delivery
 * and again on resume against the sharing of the alerts as it then stands.
 */
@Injectable()
export class AlertFeedService implements OnModuleInit, OnModuleDestroy {
  private readonly subscribers = new Set<Subscriber>();
  // Announcements and joins run in one loop: a (resumed) subscriber joins between two rounds, so no change is lost or repeated.
  // What waits to be announced is the journal itself, bounded by its capacity: a feed that falls further behind tells its
  // subscribers to reload (`reset`) instead of queueing without limit.
  private readonly joins: Array<() => Promise<void>> = [];
  private draining = false;
  private unsubscribe: (() => void) | null = null;
  private readonly journal = new FeedJournal(JOURNAL_CAPACITY);
  /** The id of the last change already announced to live subscribers. */
  private announced = this.journal.latest;

  /** Each connection's deliveries are recorded under one key, merged per flush of the access log. */
  private readonly connectionKeys = new WeakMap<object, string>();
  private connections = 0;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(ProjectionService) private readonly projection: ProjectionService,
    @Inject(AccessLogService) private readonly accessLog: AccessLogService,
    @Inject(DiscoveryRepository) private readonly discovery: DiscoveryRepository,
  ) {}

  /** Live feed connections now (metrics). */
  get subscriberCount(): number {
    return this.subscribers.size;
  }

  onModuleInit(): void {
    // One listener for all subscribers: each change is loaded once, then judged per subscriber.
    this.unsubscribe = this.projection.onAlertChanged((change) => {
      this.journal.record({ alertId: change.alertId, before: change.before, feedbackFrom: change.feedbackFrom });
      this.drain();
    });
    const unsubscribeNotices = this.projection.onNotice((notice) => {
      this.journal.record({ notice });
      this.drain();
    });
    const unsubscribeChanges = this.unsubscribe;
    this.unsubscribe = () => {
      unsubscribeChanges();
      unsubscribeNotices();
    };
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  /** The feed for `principal`; with `lastEventId`, first what changed after that event (or `reset`). */
  feed(principal: Principal, lastEventId?: string): Observable<MessageEvent> {
    return new Observable<MessageEvent>((subscriber) => {
      const entry: Subscriber = { principal, send: (m: MessageEvent) => subscriber.next(m) };
      let closed = false;
      this.joins.push(async () => {
        if (closed) return;
        if (lastEventId !== undefined) await this.catchUp(entry, lastEventId);
        // `ready` carries the current id: a client that drops before the next change still resumes without a gap.
        subscriber.next({ id: String(this.announced), type: 'ready', data: { agency: principal.agency, role: principal.role } });
        if (!closed) this.subscribers.add(entry);
      });
      this.drain();
      const heartbeat = setInterval(() => subscriber.next({ type: 'heartbeat', data: { at: new Date().toISOString() } }), 15_000);
      return () => {
        closed = true;
        this.subscribers.delete(entry);
        clearInterval(heartbeat);
      };
    });
  }

  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    void this.announceRounds().finally(() => {
      this.draining = false;
      if (this.joins.length || this.journal.latest > this.announced) this.drain();
    });
  }

  private async announceRounds(): Promise<void> {
    while (this.joins.length || this.journal.latest > this.announced) {
      for (const join of this.joins.splice(0)) await join().catch(() => undefined);
      const { entries, missed } = this.journal.pending(this.announced, ROUND);
      if (missed) {
        this.resetAll('overflow');
        this.announced = Math.max(this.announced, this.journal.heldAfter);
      }
      if (!entries.length) {
        if (!missed) this.announced = this.journal.latest;
        continue;
      }
      try {
        if (this.subscribers.size) await this.deliver([...this.subscribers], entries);
      } catch {
        // The changes could not be loaded (the database is away): the subscribers reload rather than silently miss them.
        this.resetAll('unavailable');
      }
      this.announced = entries[entries.length - 1].id;
    }
  }

  private resetAll(reason: string): void {
    for (const s of this.subscribers) s.send({ type: 'reset', data: { reason } });
  }

  private async catchUp(s: Subscriber, lastEventId: string): Promise<void> {
    const resume = this.journal.resume(lastEventId, this.announced);
    if (resume.kind === 'reset') {
      s.send({ type: 'reset', data: { reason: resume.reason } });
      return;
    }
    if (resume.entries.length) await this.deliver([s], resume.entries);
  }

  /** Each entry, in order, to each subscriber that may hear of it, judged by the alerts' sharing as it stands now. */
  private async deliver(subscribers: readonly Subscriber[], entries: readonly JournalEntry[]): Promise<void> {
    const alertIds = [...new Set(entries.flatMap((e) => (e.notice ? [] : [e.alertId])))];
    const notices = entries.filter((e): e is NoticeJournalEntry => !!e.notice).map((e) => e.notice);
    const [{ rows, feedback }, current] = await Promise.all([
      alertIds.length ? this.load(alertIds) : { rows: new Map<string, HubAlertRow>(), feedback: new Map<string, FeedbackRow[]>() },
      this.noticeFacts(notices),
    ]);
    for (const s of subscribers) {
      const withdrawn = new Set<string>();
      for (const e of entries) {
        if (e.notice) {
          this.tell(s, e, current);
          continue;
        }
        const row = rows.get(e.alertId);
        // Judged by what the caller may see now: a change never reopens what was withdrawn since.
        if (row && canSeeAlert(s.principal, sharingFacts(row))) this.announce(s, e, row, feedback.get(row.id));
        else if (!withdrawn.has(e.alertId) && e.before && canSeeAlert(s.principal, e.before)) {
          withdrawn.add(e.alertId);
          s.send({ id: String(e.id), type: 'alert.withdrawn', data: { id: e.alertId } });
        }
      }
    }
  }

  private tell(s: Subscriber, e: NoticeJournalEntry, current: NoticeFacts): void {
    if (hearsNotice(s.principal, e.notice.audience, current.sharing, current.knownHits))
      s.send({ id: String(e.id), type: e.notice.event, data: e.notice.data as object });
  }

  /** The sharing, as it stands now, of every alert the notices' audiences name, and which of their hits are still known. */
  private async noticeFacts(notices: readonly FeedNotice[]): Promise<NoticeFacts> {
    const ids = [...new Set(notices.flatMap((n) => audienceRefs(n.audience).map((r) => r.alertId)))];
    const hitIds = [...new Set(notices.flatMap((n) => audienceHits(n.audience)))];
    const [{ rows }, knownHits] = await Promise.all([
      ids.length ? this.load(ids, false) : { rows: new Map<string, HubAlertRow>() },
      this.discovery.knownToRequesters(hitIds),
    ]);
    return { sharing: new Map([...rows].map(([id, row]) => [id, sharingFacts(row)])), knownHits };
  }

  /** Content to a subscriber who may see the alert: recorded in the access log first, or not delivered. */
  private announce(s: Subscriber, e: AlertJournalEntry, row: HubAlertRow, feedback: FeedbackRow[] | undefined): void {
    const id = String(e.id);
    if (e.feedbackFrom && !canSeeFeedback(s.principal, sharingFacts(row), e.feedbackFrom)) return;
    if (!this.connectionKeys.has(s)) this.connectionKeys.set(s, `stream-${++this.connections}`);
    try {
      this.accessLog.delivered(s.principal, 'stream.delivery', [row], { key: this.connectionKeys.get(s) });
    } catch {
      // Fail closed: not delivered unrecorded; the client learns it missed a change and reloads later.
      s.send({ id, type: 'access-log.unavailable', data: { id: row.id, code: ErrorCode.AccessLogUnavailable } });
      return;
    }
    s.send({ id, type: e.feedbackFrom ? 'feedback' : 'alert', data: toHubAlertView(row, s.principal, feedback) });
  }

  private async load(ids: string[], withFeedback = true): Promise<{ rows: Map<string, HubAlertRow>; feedback: Map<string, FeedbackRow[]> }> {
    const rows = await queryRows<HubAlertRow>(this.db, sql`SELECT id, seq, agency, level, recipients, state FROM hub_alerts WHERE id = ANY(${ids}::uuid[])`);
    return { rows: new Map(rows.map((r) => [r.id, r])), feedback: withFeedback ? await feedbackFor(this.db, ids) : new Map<string, FeedbackRow[]>() };
  }
}

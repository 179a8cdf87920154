import { canSeeAlert, type SharingFacts } from '@cix/access-control';
import { isFeedbackEventType, PROGRAMME_AGENCY, type AlertState, type Distribution, type SignedEvent } from '@cix/contracts';
import { canonicalJson } from '@cix/event-store';
import { foldAlertStep } from '@cix/read-model';

/** Feedback event types: the first answer and its amendments (contract C1), both the giver's facts. */
/** Personal-data grants (contract C2): alert events of the owner. */
const GRANTED = 'PersonalDataGranted';
const REVOKED = 'PersonalDataGrantRevoked';

export type Fields = Record<string, unknown>;

/** A received event with the hub's own receipt time. */
export type ReceivedEvent = SignedEvent & { readonly receivedAt: string };

export interface TimelineEntry {
  readonly position: number;
  readonly agency: string;
  readonly type: string;
  /** The alert's version after an alert event; the feedback's version after a feedback event. */
  readonly version: number;
  readonly recordedAt: string;
  readonly receivedAt: string;
  readonly actor: { readonly sub?: string; readonly unit?: string; readonly agency: string; readonly role?: string };
  /** Only the fields that changed, as they were before and after (a removed field is `null` after). */
  readonly before: Fields;
  readonly after: Fields;
  /** Agencies that could see the alert (or its persons, for grants) after this event and not before, and the reverse. */
  readonly gained?: string[];
  readonly lost?: string[];
}

/** How the caller may read what the diff shows: personal data and the actor's identity by the usual rules. */
export interface TimelineReader {
  /** Agencies whose people may see an alert of this sharing (officers; the programme's coordinators as CCP). */
  readonly audienceAgencies: readonly string[];
  readonly showSub: (e: SignedEvent) => boolean;
  readonly reveal: <T>(value: T) => T;
}

/** The alert's content and lifecycle, flat, as an auditor compares two steps. */
export function alertFields(s: AlertState | null): Fields {
  if (!s) return {};
  const { content, status, statusReason, distribution, expiresAt, feedbackDueAt } = s;
  return { ...content, status, ...(statusReason !== undefined ? { statusReason } : {}), distribution, expiresAt, feedbackDueAt };
}

const FEEDBACK_FIELDS = ['outcome', 'seizureReportId', 'reason', 'notes', 'inspectedAt', 'unit'] as const;

/** The fields whose values differ, before and after (absent before: `null`; removed after: `null`). */
export function changedFields(before: Fields, after: Fields): { before: Fields; after: Fields } {
  const out = { before: {} as Fields, after: {} as Fields };
  for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const b = before[k] ?? null;
    const a = after[k] ?? null;
    if (canonicalJson(b) === canonicalJson(a)) continue;
    out.before[k] = b;
    out.after[k] = a;
  }
  return out;
}

/** Agencies whose people may see an alert shared so. */
export function audienceOf(owner: string, d: Distribution | undefined, agencies: readonly string[]): string[] {
  if (!d) return [];
  const facts: SharingFacts = { agency: owner, level: d.level, recipients: d.recipients };
  return agencies.filter((a) => canSeeAlert({ sub: 'audience', agency: a, role: a === PROGRAMME_AGENCY ? 'coordinator' : 'officer' }, facts));
}

const minus = (a: readonly string[], b: readonly string[]) => a.filter((x) => !b.includes(x));
const asRecord = (v: unknown): Fields => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Fields) : {});
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);

/**
 * The timeline of one alert: its owner's events (in log order) and the feedback on it, each with
 * what it changed. The alert is folded with the hub's own fold, so "before" is what the hub showed
 * until then; feedback is compared per giving agency (its versions), grants per recipient.
 */
export function timelineEntries(owner: string, events: readonly ReceivedEvent[], reader: TimelineReader): TimelineEntry[] {
  let state: AlertState | null = null;
  const feedback = new Map<string, Fields>();
  const grants = new Map<string, string>();
  return events.map((e) => {
    const payload = asRecord(e.payload);
    let diff: { before: Fields; after: Fields };
    let gained: string[] | undefined;
    let lost: string[] | undefined;
    let version = e.streamVersion;
    if (isFeedbackEventType(e.type)) {
      const previous = feedback.get(e.agency) ?? {};
      // An amendment states what it changes; the first answer states everything.
      const next: Fields = e.type === 'FeedbackGiven' ? {} : { ...previous };
      for (const k of FEEDBACK_FIELDS) if (k in payload) next[k] = payload[k];
      feedback.set(e.agency, next);
      diff = changedFields(previous, next);
      version = typeof payload.version === 'number' ? payload.version : e.type === 'FeedbackGiven' ? 1 : e.streamVersion;
    } else if (e.type === GRANTED || e.type === REVOKED) {
      const before = [...grants.keys()];
      if (e.type === GRANTED) for (const a of strings(payload.recipients)) grants.set(a, typeof payload.legalBasis === 'string' ? payload.legalBasis : '');
      else for (const a of strings(payload.agency)) grants.delete(a);
      const after = [...grants.keys()];
      diff = { before: { personalDataGrants: before }, after: { personalDataGrants: after } };
      gained = minus(after, before);
      lost = minus(before, after);
      state = foldAlertStep(state, e);
    } else {
      const previous = state;
      state = foldAlertStep(state, e);
      // The first event the hub folds (a raise, or a widening's snapshot) states everything.
      diff = previous ? changedFields(alertFields(previous), alertFields(state)) : { before: {}, after: alertFields(state) };
      const was = previous ? audienceOf(owner, previous.distribution, reader.audienceAgencies) : [];
      const is = state ? audienceOf(owner, state.distribution, reader.audienceAgencies) : [];
      if (was.join() !== is.join()) {
        gained = minus(is, was);
        lost = minus(was, is);
      }
    }
    return {
      position: e.position,
      agency: e.agency,
      type: e.type,
      version,
      recordedAt: e.recordedAt,
      receivedAt: e.receivedAt,
      actor: {
        ...(reader.showSub(e) ? { sub: e.metadata.actor } : {}),
        ...(e.metadata.unit ? { unit: e.metadata.unit } : {}),
        agency: e.agency,
        ...(e.metadata.role ? { role: e.metadata.role } : {}),
      },
      before: reader.reveal(diff.before),
      after: reader.reveal(diff.after),
      ...(gained ? { gained, lost } : {}),
    };
  });
}

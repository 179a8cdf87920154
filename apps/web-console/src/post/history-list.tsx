/** An alert's events in words: who did what, when, and what it changed (the node's own history). */
import type { Lang } from '../i18n';
import { fmt, formatTime, pick, type PostMessages } from './messages';
import type { HistoryEntry } from './node-api';

/** A value of an event's payload, short and readable (no JSON braces). */
export function shortValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(shortValue).join(', ');
  if (typeof v === 'object')
    return Object.values(v as Record<string, unknown>)
      .map(shortValue)
      .filter(Boolean)
      .join(' · ');
  return typeof v === 'string' ? v : JSON.stringify(v);
}

type Payload = Record<string, unknown> & {
  changes?: Record<string, unknown>;
  distribution?: { level: string; recipients: string[] };
  previous?: { level: string; recipients: string[] };
  reason?: string;
  expiresAt?: string;
  recipients?: string[];
  legalBasis?: string;
  agency?: string;
  discoverable?: boolean;
};

export function eventDetails(e: HistoryEntry, t: PostMessages, lang: Lang): string[] {
  const p = (e.payload ?? {}) as Payload;
  const level = (d?: { level: string; recipients: string[] }) =>
    d ? `${pick(t.levels, d.level)}${d.recipients?.length ? ` (${d.recipients.join(', ')})` : ''}` : '';
  switch (e.type) {
    case 'AlertAmended':
      return Object.entries(p.changes ?? {}).map(([k, v]) => `${pick(t.fields, k)}: ${v === null ? t.removed : shortValue(v) || t.emptied}`);
    case 'AlertDistributionChanged':
      return [`${level(p.previous)} → ${level(p.distribution)}`];
    case 'AlertClosed':
    case 'AlertRetracted':
    case 'PersonalDataGrantRevoked':
      return [p.agency ? `${t.agency}: ${p.agency}` : '', p.reason ? `${t.reason}: ${p.reason}` : ''].filter(Boolean);
    case 'AlertDiscoverabilityChanged':
      return [p.discoverable ? t.discoverableOn : t.discoverableOff];
    case 'AlertRenewed':
      return [fmt(t.expiresAt, { at: formatTime(p.expiresAt, lang) })];
    case 'PersonalDataGranted':
      return [`${t.recipients}: ${(p.recipients ?? []).join(', ')}`, `${t.legalBasis}: ${p.legalBasis ?? ''}`];
    default:
      return [];
  }
}

export function HistoryList({ events, t, lang, testId }: { events: HistoryEntry[]; t: PostMessages; lang: Lang; testId?: string }) {
  return (
    <ol className="history" data-testid={testId}>
      {events.map((e) => (
        <li key={`${e.version}-${e.type}`}>
          <strong>{pick(t.eventTypes, e.type)}</strong> <span className="muted">{fmt(t.versionN, { n: e.version })}</span>
          <div className="muted">
            {formatTime(e.recordedAt, lang)} · {e.unit ?? ''} {e.actor}
          </div>
          {eventDetails(e, t, lang).map((d, i) => (
            <div key={i} className="change">
              {d}
            </div>
          ))}
        </li>
      ))}
    </ol>
  );
}

import { useSession } from '../app/session';
import type { Feedback, FeedbackVersion, HistoryEntry } from './receive-api';
import { formatTime, useMessages } from './use-receive';

/** Feedback per agency: the current answer on top, every earlier version below it (C1). */
export function FeedbackList({ feedback }: { feedback: readonly Feedback[] }) {
  const m = useMessages();
  if (!feedback.length) return <p data-testid="feedback-none">{m.noFeedback}</p>;
  return (
    <ul className="rx-feedback" data-testid="feedback">
      {feedback.map((f) => (
        <li key={f.agency} data-agency={f.agency} data-version={f.version ?? ''}>
          <p>
            <strong>{f.agency}</strong>
            {f.unit ? ` · ${f.unit}` : ''} — <Answer f={f} />
            {f.version !== undefined && <span className="rx-version"> ({m.versionOf.replace('{version}', String(f.version))})</span>}
          </p>
          {f.versions && f.versions.length > 1 && (
            <ol className="rx-versions" data-testid="feedback-versions" aria-label={`${m.versions}: ${f.agency}`}>
              {f.versions.map((v) => (
                <li key={v.version} data-version={v.version}>
                  {m.version} {v.version}: <Answer f={v} />
                </li>
              ))}
            </ol>
          )}
        </li>
      ))}
    </ul>
  );
}

function Answer({ f }: { f: Feedback | FeedbackVersion }) {
  const { lang } = useSession();
  const m = useMessages();
  return (
    <span className="rx-answer-text">
      <span data-testid="outcome">{m.outcomes[f.outcome]}</span>
      {f.seizureReportId && ` · ${m.seizureReport} ${f.seizureReportId.slice(0, 8)}`}
      {f.reason && ` · ${f.reason}`}
      {f.notes && ` · ${f.notes}`}
      {f.inspectedAt && ` · ${m.inspected} ${formatTime(lang, f.inspectedAt)}`} · {m.givenAt} {formatTime(lang, f.givenAt)}
    </span>
  );
}

/** The alert's events I may know about (C6): types and times, no content. */
export function HistoryList({ history }: { history: readonly HistoryEntry[] }) {
  const { lang } = useSession();
  const m = useMessages();
  return (
    <ol className="rx-history" data-testid="history">
      {history.map((h, i) => (
        <li key={`${h.version}-${h.type}-${i}`} data-type={h.type}>
          {formatTime(lang, h.recordedAt)} · {(m.eventTypes as Record<string, string>)[h.type] ?? h.type}
          {h.unit ? ` · ${h.unit}` : ''}
          {h.receivedAt ? ` · ${m.receivedAt} ${formatTime(lang, h.receivedAt)}` : ''}
        </li>
      ))}
    </ol>
  );
}

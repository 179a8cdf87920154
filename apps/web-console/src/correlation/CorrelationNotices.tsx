import { href } from '../app/router';
import { kindLabel, useMessages } from './use-correlation';
import './correlation.css';

/** A notice the live feed delivered (`event` is its SSE name); only its data is shown, nothing looked up. */
export interface CorrelationNotice {
  readonly event: string;
  readonly data: Record<string, unknown>;
}

interface AlertRef {
  readonly agency: string;
  readonly alertId: string;
}

const isRef = (x: unknown): x is AlertRef =>
  typeof x === 'object' && x !== null && typeof (x as AlertRef).agency === 'string' && typeof (x as AlertRef).alertId === 'string';
const str = (x: unknown): string => (typeof x === 'string' ? x : '');
const alertHref = (a: AlertRef) => href(`/alerts/${a.agency}/${a.alertId}`);
const short = (a: AlertRef) => `${a.agency} ${a.alertId.slice(0, 8)}`;

/**
 * In the inbox: matches (sent only to who may see both alerts) and watch-list hits (sent only to
 * the owning agency) that arrived while it was open, each leading to the alert detail.
 */
export function CorrelationNotices({ notices }: { notices: readonly CorrelationNotice[] }) {
  const m = useMessages();
  const shown = notices.filter((n) => n.event === 'match' || n.event === 'screening-hit');
  if (!shown.length) return null;
  const item = (n: CorrelationNotice) => {
    if (n.event === 'match') {
      const alerts = Array.isArray(n.data.alerts) ? n.data.alerts.filter(isRef) : [];
      return (
        <>
          {m.noticeMatch.replace('{kind}', kindLabel(m, str(n.data.kind)))}{' '}
          {alerts.map((a, i) => (
            <span key={a.alertId}>
              {i > 0 && ' ↔ '}
              <a href={alertHref(a)}>{short(a)}</a>
            </span>
          ))}
        </>
      );
    }
    const alert = isRef(n.data.alert) ? n.data.alert : undefined;
    if (!alert) return null;
    const role = str(n.data.partyRole) || 'other';
    const text = m.noticeScreening
      .replace('{role}', (m.roles as Record<string, string>)[role] ?? m.roles.other)
      .replace('{alert}', short(alert))
      .replace('{reference}', str(n.data.reference))
      .replace('{list}', str(n.data.list));
    return <a href={alertHref(alert)}>{text}</a>;
  };
  return (
    <section className="cx-notices" aria-labelledby="cx-notices" aria-live="polite" data-testid="correlation-notices">
      <h3 id="cx-notices">{m.notices}</h3>
      <ul>
        {shown.map((n, i) => (
          <li key={i} data-event={n.event}>
            {item(n)}
          </li>
        ))}
      </ul>
    </section>
  );
}

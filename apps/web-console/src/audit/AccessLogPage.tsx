import { useCallback, useState } from 'react';
import { href, navigate, useRoute } from '../app/router';
import { useSession } from '../app/session';
import { label } from '../i18n';
import { useAuditApi } from './audit-api';
import { actionLabel, formatTime, useMessages } from './messages';
import { ScrollBox } from './ScrollBox';
import { usePaged } from './paging';

const FILTERS = ['principal', 'alert', 'agency', 'action', 'from', 'to'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

/** Who read what: filters in the address (so "everyone who saw this alert" is a link), paged. */
export function AccessLogPage() {
  const t = useMessages();
  const { lang, m } = useSession();
  const api = useAuditApi();
  const { query } = useRoute();
  const applied: Filters = Object.fromEntries(FILTERS.map((f) => [f, query.get(f) ?? undefined]));
  const key = JSON.stringify(applied);
  const [draft, setDraft] = useState<Filters>(applied);
  // Date inputs give a day; the API takes instants.
  const instant = (d?: string, end = false) => (d ? new Date(`${d}T00:00:00Z`).getTime() + (end ? 86_400_000 : 0) : undefined);
  const load = useCallback(
    (cursor?: string) => {
      const f = JSON.parse(key) as Filters;
      const from = instant(f.from);
      const to = instant(f.to, true);
      return api.accessLog({
        ...f,
        from: from ? new Date(from).toISOString() : undefined,
        to: to ? new Date(to).toISOString() : undefined,
        limit: 50,
        cursor,
      });
    },
    [api, key],
  );
  const { items, error, loading, more } = usePaged(load);
  const labels: Record<(typeof FILTERS)[number], string> = {
    principal: t.principal,
    alert: t.alertId,
    agency: t.agency,
    action: t.action,
    from: t.from,
    to: t.to,
  };
  return (
    <>
      <section className="card">
        <h2>{t.accessTitle}</h2>
        <p className="hint">{t.accessIntro}</p>
        <form
          className="audit-form"
          onSubmit={(e) => {
            e.preventDefault();
            navigate('/audit/access-log', Object.fromEntries(Object.entries(draft).map(([k, v]) => [k, v?.trim()])));
          }}
        >
          {FILTERS.map((f) => (
            <label key={f}>
              {labels[f]}
              <input
                data-testid={`log-${f}`}
                type={f === 'from' || f === 'to' ? 'date' : 'text'}
                value={draft[f] ?? ''}
                maxLength={200}
                onChange={(e) => setDraft({ ...draft, [f]: e.target.value })}
              />
            </label>
          ))}
          <button type="submit">{t.apply}</button>
        </form>
      </section>
      {error && (
        <p className="error" role="alert">
          {t.error}: {error}
        </p>
      )}
      <ScrollBox className="card" label={t.accessTitle}>
        <table data-testid="access-log">
          <thead>
            <tr>
              <th scope="col">{t.time}</th>
              <th scope="col">{t.who}</th>
              <th scope="col">{t.action}</th>
              <th scope="col">{t.alerts}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.position}>
                <td>{formatTime(lang, r.at)}</td>
                <td>
                  <a href={href('/audit/access-log', { principal: r.sub })}>{r.sub}</a>
                  <br />
                  {[r.agency, label(m, 'roles', r.role), r.unit].filter(Boolean).join(' · ')}
                </td>
                <td title={r.action} data-action={r.action}>
                  {actionLabel(t, r.action)}
                  {r.partial ? ` (${t.partial})` : ''}
                </td>
                <td>
                  {[...(r.alertId ? [r.alertId] : []), ...(r.alertIds ?? [])].slice(0, 10).map((id) => (
                    <a key={id} className="alert-id" href={href(`/audit/alerts/${id}`)}>
                      {id.slice(0, 8)}
                    </a>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {!loading && !items.length && !error && <p>{t.none}</p>}
        {loading && <p role="status">{t.loading}</p>}
        {more && (
          <button data-testid="log-more" onClick={more}>
            {t.more}
          </button>
        )}
      </ScrollBox>
    </>
  );
}

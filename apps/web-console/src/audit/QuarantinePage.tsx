import { useCallback } from 'react';
import { useSession } from '../app/session';
import { useAuditApi } from './audit-api';
import { formatTime, useMessages } from './messages';
import { ScrollBox } from './ScrollBox';
import { usePaged } from './paging';

/** Events the hub refused, read-only: the console offers no way to accept one. */
export function QuarantinePage() {
  const t = useMessages();
  const { lang } = useSession();
  const api = useAuditApi();
  const load = useCallback((cursor?: string) => api.quarantine({ limit: 50, cursor }), [api]);
  const { items, error, loading, more } = usePaged(load);
  return (
    <>
      <section className="card">
        <h2>{t.quarantineTitle}</h2>
        <p className="hint">{t.quarantineIntro}</p>
      </section>
      {error && (
        <p className="error" role="alert">
          {t.error}: {error}
        </p>
      )}
      <ScrollBox className="card" label={t.quarantineTitle}>
        <table data-testid="quarantine">
          <thead>
            <tr>
              <th scope="col">{t.time}</th>
              <th scope="col">{t.agency}</th>
              <th scope="col">{t.position}</th>
              <th scope="col">{t.reason}</th>
              <th scope="col">{t.subject}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((q, i) => (
              <tr key={`${q.agency}/${q.position ?? i}`}>
                <td>{formatTime(lang, q.time ?? q.receivedAt ?? q.at)}</td>
                <td>{q.agency}</td>
                <td>{q.position ?? '—'}</td>
                <td>{q.reason}</td>
                <td>{q.subject ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {!loading && !items.length && !error && <p>{t.none}</p>}
        {loading && <p role="status">{t.loading}</p>}
        {more && <button onClick={more}>{t.more}</button>}
      </ScrollBox>
    </>
  );
}

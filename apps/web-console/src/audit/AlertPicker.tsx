import { useCallback } from 'react';
import { href } from '../app/router';
import { useSession } from '../app/session';
import { commodityLabel, label } from '../i18n';
import { useAuditApi } from './audit-api';
import { formatTime, useMessages } from './messages';
import { usePaged } from './paging';
import { ScrollBox } from './ScrollBox';

/** The alerts in the auditor's scope, newest first: where a new auditor finds an alert id. */
export function AlertPicker() {
  const t = useMessages();
  const { lang, m } = useSession();
  const api = useAuditApi();
  const load = useCallback((cursor?: string) => api.alerts({ limit: 20, cursor }), [api]);
  const { items, error, loading, more } = usePaged(load);
  return (
    <ScrollBox className="card" label={t.scopeTitle}>
      <h2>{t.scopeTitle}</h2>
      <p className="hint">{t.scopeIntro}</p>
      {error && (
        <p className="error" role="alert">
          {t.error}: {error}
        </p>
      )}
      <table data-testid="scope-alerts">
        <thead>
          <tr>
            <th scope="col">{t.alert}</th>
            <th scope="col">{t.agency}</th>
            <th scope="col">{t.status}</th>
            <th scope="col">{t.raisedAt}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((a) => (
            <tr key={a.id}>
              <td>
                <a href={href(`/audit/alerts/${a.id}`)}>
                  {label(m, 'kinds', a.kind)}
                  {a.commodity?.category ? ` · ${commodityLabel(m, a.commodity.category)}` : ''}
                </a>{' '}
                <small>{a.id.slice(0, 8)}</small>
              </td>
              <td>{a.agency}</td>
              <td>{label(m, 'statuses', a.status)}</td>
              <td>{formatTime(lang, a.raisedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {loading && <p>{t.loading}</p>}
      {!loading && !items.length && !error && <p>{t.none}</p>}
      {more && <button onClick={more}>{t.more}</button>}
    </ScrollBox>
  );
}

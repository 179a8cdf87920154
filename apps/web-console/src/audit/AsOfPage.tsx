import { useCallback, useEffect, useRef, useState } from 'react';
import { href, navigate, useRoute } from '../app/router';
import { loadConsoleConfig, useSession } from '../app/session';
import { label } from '../i18n';
import { useAuditApi } from './audit-api';
import { fill, formatNumber, formatTime, useMessages } from './messages';
import { ScrollBox } from './ScrollBox';
import { usePaged } from './paging';

const GROUPS = ['commodity', 'unit', 'agency', 'month'] as const;
/** A grouping's label; one typed into the address that the page does not offer stays as given. */
const groupLabel = (labels: Record<(typeof GROUPS)[number], string>, g: string): string =>
  (GROUPS as readonly string[]).includes(g) ? labels[g as (typeof GROUPS)[number]] : g;

/** The regional view exactly as a principal would have seen it at a moment: the list and the trends. */
export function AsOfPage() {
  const t = useMessages();
  const { who, lang, m } = useSession();
  const api = useAuditApi();
  const { query } = useRoute();
  // A national auditor may ask only as its own agency; the programme's auditors as anyone.
  const [principals, setPrincipals] = useState<string[]>(who.agency && who.agency !== 'CCP' ? [who.agency] : ['CCP']);
  useEffect(() => {
    if (who.agency === 'CCP') void loadConsoleConfig().then((c) => setPrincipals(['CCP', ...Object.keys(c.nodes)]));
  }, [who.agency]);
  const applied = {
    principal: query.get('principal') ?? '',
    at: query.get('at') ?? '',
    groupBy: query.get('groupBy') ?? 'commodity',
  };
  const [draft, setDraft] = useState({ ...applied, principal: applied.principal || principals[0], at: applied.at ? applied.at.slice(0, 16) : '' });
  const ready = !!applied.principal && !!applied.at;
  const [missingAt, setMissingAt] = useState(false);
  const atInput = useRef<HTMLInputElement>(null);
  const load = useCallback(
    (cursor?: string) => api.asOfAlerts({ principal: applied.principal, at: applied.at, limit: 50, cursor }),
    [api, applied.principal, applied.at],
  );
  const { items, error, loading, more } = usePaged(ready ? load : null);
  const [trends, setTrends] = useState<{ rows: Array<{ key: string; count: number }>; withheld?: number }>({ rows: [] });
  const [trendError, setTrendError] = useState('');
  useEffect(() => {
    setTrends({ rows: [] });
    setTrendError('');
    if (!ready) return;
    api.asOfTrends({ principal: applied.principal, at: applied.at, groupBy: applied.groupBy }).then(
      (r) => setTrends(r),
      (e: Error) => setTrendError(e.message),
    );
  }, [api, ready, applied.principal, applied.at, applied.groupBy]);
  return (
    <>
      <section className="card">
        <h2>{t.asOfTitle}</h2>
        <p className="hint">{t.asOfIntro}</p>
        <form
          className="audit-form"
          onSubmit={(e) => {
            e.preventDefault();
            // Without a moment there is nothing to reconstruct: say so at the field rather than do nothing.
            if (!draft.at) {
              setMissingAt(true);
              atInput.current?.focus();
              return;
            }
            navigate('/audit/as-of', { ...draft, at: new Date(draft.at).toISOString() });
          }}
        >
          <label>
            {t.agency}
            <select data-testid="asof-principal" value={draft.principal} onChange={(e) => setDraft({ ...draft, principal: e.target.value })}>
              {principals.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </label>
          <label>
            {t.atTime}
            <input
              ref={atInput}
              data-testid="asof-at"
              type="datetime-local"
              step={1}
              value={draft.at}
              aria-invalid={missingAt || undefined}
              aria-describedby={missingAt ? 'asof-at-missing' : undefined}
              onChange={(e) => {
                setDraft({ ...draft, at: e.target.value });
                setMissingAt(false);
              }}
            />
            {missingAt && (
              <span id="asof-at-missing" className="field-error" data-testid="asof-at-missing">
                {t.atMissing}
              </span>
            )}
          </label>
          <label>
            {t.groupBy}
            <select value={draft.groupBy} onChange={(e) => setDraft({ ...draft, groupBy: e.target.value })}>
              {GROUPS.map((g) => (
                <option key={g} value={g}>
                  {t.groupByOption[g]}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" data-testid="asof-show">
            {t.show}
          </button>
        </form>
      </section>
      {(error || trendError) && (
        <p className="error" role="alert">
          {t.error}: {error || trendError}
        </p>
      )}
      {ready && (
        <>
          <ScrollBox className="card" label={t.list}>
            <h2>
              {t.list} · {applied.principal} · {formatTime(lang, applied.at)}
            </h2>
            <table data-testid="asof-alerts">
              <thead>
                <tr>
                  <th scope="col">{t.alert}</th>
                  <th scope="col">{t.agency}</th>
                  <th scope="col">{t.kind}</th>
                  <th scope="col">{t.status}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((a, i) => (
                  <tr key={a.id ?? `sealed-${i}`} data-state={a.sealed ? 'sealed' : a.withdrawn ? 'withdrawn' : 'shown'}>
                    <td>
                      {a.sealed ? (
                        t.sealed
                      ) : a.withdrawn ? (
                        <>
                          {t.withdrawn} · <a href={href(`/audit/alerts/${a.id}`)}>{a.id!.slice(0, 8)}</a>
                        </>
                      ) : (
                        <>
                          <a href={href(`/alerts/${a.agency}/${a.id}`)}>{a.commodity?.description ?? a.id!.slice(0, 8)}</a> ·{' '}
                          <a href={href(`/audit/alerts/${a.id}`)}>{t.navTimeline}</a>
                        </>
                      )}
                    </td>
                    <td>{a.agency}</td>
                    <td>{label(m, 'kinds', a.kind)}</td>
                    <td>{label(m, 'statuses', a.status)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {!loading && !items.length && !error && <p>{t.none}</p>}
            {more && <button onClick={more}>{t.more}</button>}
          </ScrollBox>
          <ScrollBox className="card" label={t.trends}>
            <h2>
              {t.trends} {groupLabel(t.groupByOption, applied.groupBy)}
            </h2>
            <table data-testid="asof-trends">
              <thead>
                <tr>
                  <th scope="col">{groupLabel(t.groupByColumn, applied.groupBy)}</th>
                  <th scope="col">{t.count}</th>
                </tr>
              </thead>
              <tbody>
                {trends.rows.map((r) => (
                  <tr key={r.key}>
                    <td>{r.key}</td>
                    <td>{formatNumber(lang, r.count)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {!!trends.withheld && <p className="hint">{fill(t.withheld, { n: trends.withheld })}</p>}
          </ScrollBox>
        </>
      )}
    </>
  );
}

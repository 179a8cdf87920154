import { useCallback, useEffect, useState } from 'react';
import { href } from '../app/router';
import { useSession } from '../app/session';
import { formatFound, kindLabel, useCorrelationApi, useMessages, type MatchItem } from './use-correlation';

/**
 * Matches I may see (both alerts), newest first (looked at again every 15 s), and their counts
 * by key type: a coordinator's view of cross-border matches, with no content they may not see.
 */
export function MatchesPage() {
  const { lang } = useSession();
  const m = useMessages();
  const api = useCorrelationApi();
  const [items, setItems] = useState<MatchItem[] | null>(null);
  const [counts, setCounts] = useState<Array<{ kind: string; matches: number }>>([]);
  const [error, setError] = useState('');
  const load = useCallback(() => {
    Promise.all([api.matches(), api.counts()]).then(
      ([page, c]) => {
        setItems(page.items);
        setCounts(c.byKind);
      },
      (e: Error) => setError(`${m.failed}: ${e.message}`),
    );
  }, [api, m]);
  useEffect(() => {
    load();
    const timer = setInterval(load, 15_000);
    return () => clearInterval(timer);
  }, [load]);
  return (
    <section aria-labelledby="cx-title">
      <h2 id="cx-title">{m.matches}</h2>
      <p>{m.matchesIntro}</p>
      {error && <p role="alert">{error}</p>}
      <h3>{m.byKind}</h3>
      <table data-testid="match-counts">
        <thead>
          <tr>
            <th scope="col">{m.kind}</th>
            <th scope="col">{m.count}</th>
          </tr>
        </thead>
        <tbody>
          {counts.map((c) => (
            <tr key={c.kind}>
              <td>{kindLabel(m, c.kind)}</td>
              <td>{c.matches}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {items && items.length === 0 && <p>{m.noMatches}</p>}
      <ul className="cx-matches" data-testid="match-list">
        {(items ?? []).map((x) => (
          <li key={x.matchId}>
            <strong>{kindLabel(m, x.kind)}</strong> · {formatFound(lang, x.foundAt)}
            <ul>
              {x.alerts.map((a) => (
                <li key={a.alertId}>
                  <a href={href(`/alerts/${a.agency}/${a.alertId}`)}>
                    {a.agency} {a.alertId.slice(0, 8)}
                  </a>{' '}
                  · {a.value}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}

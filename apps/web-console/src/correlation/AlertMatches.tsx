import { useEffect, useState } from 'react';
import { href } from '../app/router';
import { useSession } from '../app/session';
import { formatFound, kindLabel, useCorrelationApi, useMessages, type AlertMatch } from './use-correlation';

/** On an alert's detail: its matches whose other alert I may see, each linking to that alert. */
export function AlertMatches({ id }: { id: string }) {
  const { lang } = useSession();
  const m = useMessages();
  const api = useCorrelationApi();
  const [matches, setMatches] = useState<AlertMatch[] | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    api.alertMatches(id).then(setMatches, (e: Error) => setError(`${m.failed}: ${e.message}`));
  }, [api, id, m]);
  if (error) return <p role="alert">{error}</p>;
  if (!matches) return null;
  return (
    <section aria-labelledby="cx-matches" data-testid="alert-matches">
      <h3 id="cx-matches">{m.matches}</h3>
      {matches.length === 0 ? (
        <p>{m.noMatches}</p>
      ) : (
        <ul className="cx-matches">
          {matches.map((x) => (
            <li key={x.matchId}>
              <strong>{kindLabel(m, x.kind)}</strong> · <span lang="">{x.value}</span> ·{' '}
              <a href={href(`/alerts/${x.other.agency}/${x.other.alertId}`)}>
                {m.other}: {x.other.agency} {x.other.alertId.slice(0, 8)}
              </a>{' '}
              · {m.found} {formatFound(lang, x.foundAt)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

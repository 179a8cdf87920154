import { useCallback, useEffect, useState } from 'react';
import { useFeedChanges } from '../app/live-feed';
import { href } from '../app/router';
import { useSession } from '../app/session';
import type { Hit } from './discover-api';
import { RequesterItem } from './HitsPage';
import { keyLabel, useDiscoverApi, useMessages } from './use-discover';

/**
 * On the detail of one of the officer's own alerts: the hits on it. As requester, only "agency X
 * holds related information" and the way to ask; as owner, who asked — answered on the hits screen.
 * Shows nothing when there is no hit (and for anyone whose agency does not own the alert).
 */
export function AlertHits({ agency, id }: { agency: string; id: string }) {
  const { who } = useSession();
  const m = useMessages();
  const [hits, setHits] = useState<Hit[]>([]);
  const own = who.agency === agency && (who.role === 'officer' || who.role === 'auditor');
  const api = useDiscoverApi();
  const load = useCallback(() => {
    if (own) api.hits(id).then(setHits, () => setHits([]));
  }, [api, id, own]);
  useEffect(load, [load]);
  useFeedChanges(load);
  if (!own || !hits.length) return null;
  return (
    <section className="dv-on-alert" aria-labelledby="dv-alert-hits" data-testid="alert-hits">
      <h3 id="dv-alert-hits">{m.hitsOnAlert}</h3>
      <ul className="dv-list">
        {hits.map((h) =>
          h.side === 'requester' ? (
            <RequesterItem key={h.hitId} hit={h} onDone={load} />
          ) : (
            <li key={h.hitId} className="dv-item">
              {m.ownerHit.replace('{agency}', h.requesterAgency).replace('{key}', keyLabel(m, h.kind)).replace('{value}', h.value)}
            </li>
          ),
        )}
      </ul>
      <p>
        <a href={href('/discovery')}>{m.seeAll}</a>
      </p>
    </section>
  );
}

import { href } from '../app/router';
import { useMessages } from './use-discover';

/** A notice the live feed delivered about hits and requests (the hub sends each to the right agency only). */
export interface DiscoveryNotice {
  readonly event: string;
  readonly data: Record<string, unknown>;
}

export const DISCOVERY_EVENTS: ReadonlySet<string> = new Set(['hit', 'information-request', 'information-request-answered']);

/** In the inbox: what arrived while it was open, each leading to the hits screen. */
export function DiscoveryNotices({ notices }: { notices: readonly DiscoveryNotice[] }) {
  const m = useMessages();
  const shown = notices.filter((n) => DISCOVERY_EVENTS.has(n.event));
  if (!shown.length) return null;
  const text = (n: DiscoveryNotice): string => {
    const d = n.data as { holder?: string; requesterAgency?: string; decision?: 'accept' | 'decline'; side?: string };
    if (n.event === 'information-request') return m.noticeRequest.replace('{agency}', d.requesterAgency ?? '');
    if (n.event === 'information-request-answered')
      return m.noticeAnswered.replace('{agency}', d.holder ?? '').replace('{decision}', d.decision ? m.decisions[d.decision] : '');
    if (d.side === 'owner') return m.noticeOwnerHit.replace('{agency}', d.requesterAgency ?? '');
    return m.noticeHit.replace('{agency}', d.holder ?? '');
  };
  return (
    <section className="dv-notices" aria-labelledby="dv-notices" aria-live="polite" data-testid="discovery-notices">
      <h3 id="dv-notices">{m.notices}</h3>
      <ul>
        {shown.map((n, i) => (
          <li key={i}>
            <a href={href('/discovery')}>{text(n)}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}

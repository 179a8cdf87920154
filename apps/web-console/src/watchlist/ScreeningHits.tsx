import type { components } from '../api/schema';
import { formatNumber, formatUtc } from '../app/format';
import { useSession } from '../app/session';
import en from './locales/en.json';
import ru from './locales/ru.json';
import './watchlist.css';

/** A watch-list hit as the hub's alert detail gives it to the owning agency (`screening`). */
export type ScreeningHit = components['schemas']['ScreeningHit'];

function useMessages() {
  return useSession().lang === 'ru' ? ru : en;
}

const pick = (map: Record<string, string>, key: string) => map[key] ?? key;

/**
 * The alert's parties found on a watch list, on the owner's alert detail only: the hub sends
 * `screening` to the owning agency and to no one else, so for anyone else this renders nothing.
 */
export function ScreeningHits({ alert }: { alert: object }) {
  const { lang } = useSession();
  const m = useMessages();
  const hits = (alert as { screening?: readonly ScreeningHit[] }).screening;
  if (!hits) return null;
  return (
    <section className="wl-hits" aria-labelledby="wl-hits-title" data-testid="screening-hits">
      <h3 id="wl-hits-title">{m.title}</h3>
      <p className="wl-note">{m.ownerOnly}</p>
      {hits.length === 0 ? (
        <p data-testid="screening-none">{m.none}</p>
      ) : (
        <ul className="wl-list">
          {hits.map((h) => (
            <li key={h.hitId} className={h.listed ? 'wl-hit' : 'wl-hit wl-delisted'} data-reference={h.entry.reference} data-listed={String(h.listed)}>
              <p>
                <strong>{h.party.name}</strong> ({pick(m.roles, h.party.role)}) —{' '}
                <span className={h.listed ? 'wl-badge' : 'wl-badge wl-badge-off'}>{h.listed ? m.listed : m.delisted}</span>
              </p>
              <dl className="wl-facts">
                <div>
                  <dt>{m.entry}</dt>
                  <dd>
                    {h.entry.name} · {pick(m.kinds, h.entry.kind)} · {h.entry.reference}
                  </dd>
                </div>
                <div>
                  <dt>{m.alias}</dt>
                  <dd>
                    {h.alias} ({m.quality}: {pick(m.qualities, h.aliasQuality)})
                  </dd>
                </div>
                <div>
                  <dt>{m.list}</dt>
                  <dd>
                    {h.list}, {m.version} {h.version}
                  </dd>
                </div>
                <div>
                  <dt>{m.score}</dt>
                  <dd>{formatNumber(lang, Math.round(h.score * 100))} %</dd>
                </div>
                <div>
                  <dt>{m.foundAt}</dt>
                  <dd>
                    {formatUtc(lang, h.foundAt, 'short')}
                    {h.delistedAt ? ` · ${m.delisted} ${formatUtc(lang, h.delistedAt, 'short')}` : ''}
                  </dd>
                </div>
              </dl>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

import { useMemo } from 'react';
import type { components } from '../api/schema';
import { formatUtc } from '../app/format';
import { authorizedFetch, queryString } from '../app/http';
import { useSession } from '../app/session';
import en from './locales/en.json';
import ru from './locales/ru.json';

export type CorrelationMessages = typeof en;

export function useMessages(): CorrelationMessages {
  return useSession().lang === 'ru' ? ru : en;
}

export const kindLabel = (m: CorrelationMessages, kind: string): string => (m.kinds as Record<string, string>)[kind] ?? kind;
export const formatFound = (lang: string, iso: string): string => formatUtc(lang, iso, 'short');

type Schemas = components['schemas'];
export type AlertMatch = Schemas['AlertMatch'];
/** A value above the fan-out bound (it matches nothing until decided), or one already decided. */
export type CommonValue = Schemas['CommonValues']['items'][number];
export type MatchItem = Schemas['MatchPage']['items'][number];

/** The hub's correlation routes, as the signed-in user. */
export function useCorrelationApi() {
  const { token, lang, onUnauthorized } = useSession();
  return useMemo(() => {
    const get = async <T>(path: string, query: Record<string, string | number | undefined> = {}): Promise<T> => {
      const qs = queryString(query);
      const res = await authorizedFetch({ token, lang, onUnauthorized }, `/api/${path}${qs ? `?${qs}` : ''}`);
      if (!res.ok) throw new Error(`${res.status}`);
      return (await res.json()) as T;
    };
    return {
      alertMatches: async (id: string) => (await get<{ matches?: AlertMatch[] }>(`alerts/${encodeURIComponent(id)}`)).matches ?? [],
      matches: (limit = 50) => get<{ items: MatchItem[] }>('matches', { limit }),
      counts: () => get<{ byKind: Array<{ kind: string; matches: number }> }>('trends/matches'),
      commonValues: () => get<{ maxFanout: number; items: CommonValue[] }>('correlation/common-values'),
      decide: async (v: { kind: string; value: string; decision: 'common' | 'not-common' }) => {
        const res = await authorizedFetch({ token, lang, onUnauthorized }, '/api/correlation/common-values', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(v),
        });
        if (!res.ok) throw new Error(`${res.status}`);
      },
    };
  }, [token, lang, onUnauthorized]);
}

import { useMemo, useRef } from 'react';
import { useSession } from '../app/session';
import en from './locales/en.json';
import ru from './locales/ru.json';
import { DiscoverApi } from './discover-api';

export type DiscoverMessages = typeof en;

/** This area's labels in the session's language. */
export function useMessages(): DiscoverMessages {
  return useSession().lang === 'ru' ? ru : en;
}

/** One client per token (the session object is renewed when the console's configuration arrives). */
export function useDiscoverApi(): DiscoverApi {
  const session = useSession();
  const latest = useRef(session);
  latest.current = session;
  return useMemo(() => new DiscoverApi(() => latest.current), [session.token]);
}

/** "TM holds related information on container MSCU1234565" in the caller's language. */
export const holds = (m: DiscoverMessages, holder: string, kind: string, value: string): string =>
  m.holds.replace('{agency}', holder).replace('{key}', keyLabel(m, kind)).replace('{value}', value);

export const keyLabel = (m: DiscoverMessages, kind: string): string => (m.kinds as Record<string, string>)[kind] ?? kind;

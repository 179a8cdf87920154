import { useMemo, useRef } from 'react';
import { formatUtc } from '../app/format';
import { useSession } from '../app/session';
import en from './locales/en.json';
import ru from './locales/ru.json';
import { ReceiveApi, type Reference } from './receive-api';

export type ReceiveMessages = typeof en;

/** This area's labels in the session's language. */
export function useMessages(): ReceiveMessages {
  return useSession().lang === 'ru' ? ru : en;
}

/**
 * The receiving screens' API client, one per token: the session object is renewed when the console's
 * configuration arrives, which must not reload every list.
 */
export function useReceiveApi(): ReceiveApi {
  const session = useSession();
  const latest = useRef(session);
  latest.current = session;
  return useMemo(() => new ReceiveApi(() => latest.current), [session.token]);
}

let reference: { token: string; data: Promise<Reference> } | undefined;

/** Reference data (agencies, labels) once per session. */
export function loadReference(api: ReceiveApi, token: string): Promise<Reference> {
  if (reference?.token !== token) {
    const data = api.reference();
    void data.catch(() => (reference = undefined));
    reference = { token, data };
  }
  return reference.data;
}

/** A code's label from the reference data in the caller's language, else the code. */
export function label(ref: Reference | undefined, lang: string, list: string, code: string | undefined): string {
  if (!code) return '';
  return ref?.labels?.[lang]?.[list]?.[code] ?? ref?.labels?.en?.[list]?.[code] ?? code;
}

export const formatTime = (lang: string, iso: string | undefined): string => formatUtc(lang, iso, 'short');

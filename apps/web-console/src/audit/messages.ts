import { formatNumber, formatUtc } from '../app/format';
import { useSession } from '../app/session';
import en from './locales/en.json';
import ru from './locales/ru.json';

export type AuditMessages = typeof en;
const dictionaries: Record<'en' | 'ru', AuditMessages> = { en, ru };

/** The audit screens' labels in the signed-in user's language. */
export function useMessages(): AuditMessages {
  return dictionaries[useSession().lang];
}

/** `fill('{n} events', {n: 3})`. */
export const fill = (s: string, v: Record<string, string | number>): string => s.replace(/\{(\w+)\}/g, (_, k: string) => String(v[k] ?? ''));

/** Times with seconds: the order of an alert's events is read from them. */
export const formatTime = (lang: string, iso?: string | null): string => formatUtc(lang, iso, 'medium');
export { formatNumber };

/** An access-log action (`alert.read`) as a sentence; a code this console does not know shows as it is. */
export const actionLabel = (t: AuditMessages, code: string): string => (t.actions as Record<string, string>)[code] ?? code;

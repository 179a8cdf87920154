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

/** Numbers and times through Intl in the chosen language. */
export const formatTime = (lang: string, iso?: string | null): string =>
  iso
    ? new Intl.DateTimeFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso)) + ' UTC'
    : '';
export const formatNumber = (lang: string, n: number): string => new Intl.NumberFormat(lang === 'ru' ? 'ru-RU' : 'en-GB').format(n);

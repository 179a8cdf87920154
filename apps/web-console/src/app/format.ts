/**
 * Times and numbers as the receiving and audit screens show them, through `Intl` in the chosen
 * language. The API's times are UTC and are shown in UTC, marked as such.
 */
const localeOf = (lang: string): string => (lang === 'ru' ? 'ru-RU' : 'en-GB');

/** `timeStyle` 'medium' shows seconds (the audit trail's order of events), 'short' does not. */
export function formatUtc(lang: string, iso: string | null | undefined, timeStyle: 'short' | 'medium'): string {
  return iso ? new Intl.DateTimeFormat(localeOf(lang), { dateStyle: 'medium', timeStyle, timeZone: 'UTC' }).format(new Date(iso)) + ' UTC' : '';
}

export const formatNumber = (lang: string, n: number): string => new Intl.NumberFormat(localeOf(lang)).format(n);

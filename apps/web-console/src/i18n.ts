import en from './locales/en.json';
import ru from './locales/ru.json';

export type Lang = 'en' | 'ru';
const dictionaries = { en, ru } as const;
export type Messages = typeof en;

/** Every label comes from the translation files; a missing key shows itself rather than English. */
export function messages(lang: Lang): Messages {
  return dictionaries[lang];
}

export function commodityLabel(m: Messages, code: string): string {
  return (m.commodities as Record<string, string>)[code] ?? code;
}

/**
 * Numbers, dates and months for the chosen language, through `Intl` (never hand-formatted): `12,5`
 * and `нояб. 2026 г.` in Russian, `12.5` and `Nov 2026` in English. Dates of the API are UTC.
 */
export function formats(lang: Lang) {
  const locale = lang === 'ru' ? 'ru-RU' : 'en-GB';
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const decimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const month = new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short' });
  return {
    locale,
    count: (n: number) => integer.format(n),
    quantity: (n: number) => decimal.format(n),
    percent: (n: number) => percent.format(n),
    /** `2026-11-01` → `Nov 2026`. */
    month: (isoDay: string) => month.format(new Date(`${isoDay.slice(0, 10)}T00:00:00Z`)),
    /** A day (`2026-11-20` or an instant) as the reader writes dates. */
    date: (iso: string) => date.format(new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso)),
    /** A local clock time, for "updated at". */
    time: (d: Date) => time.format(d),
  };
}
export type Formats = ReturnType<typeof formats>;

/** A label of one of the shared lists (`roles`, `statuses`, `kinds`), or the code itself when unknown. */
export function label(m: Messages, list: 'roles' | 'statuses' | 'kinds' | 'agencies', code: string | undefined): string {
  if (!code) return '';
  return (m[list] as Record<string, string>)[code] ?? code;
}

/** `fill('Updated {time}', { time: '21:30' })`: a label with its values in place. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, k: string) => (k in values ? String(values[k]) : whole));
}

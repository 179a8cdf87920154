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

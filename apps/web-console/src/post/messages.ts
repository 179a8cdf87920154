/** The posting screens' labels (English and Russian, complete), chosen with the console's language. */
import { formatUtc } from '../app/format';
import { useSession } from '../app/session';
import sharedEn from '../locales/en.json';
import sharedRu from '../locales/ru.json';
import en from './locales/en.json';
import ru from './locales/ru.json';

// The kinds of alert keep the console's one name for each (the receiving screens and the dashboard use it too).
export type PostMessages = typeof en & { readonly kinds: typeof sharedEn.kinds };
const dictionaries: Record<'en' | 'ru', PostMessages> = { en: { ...en, kinds: sharedEn.kinds }, ru: { ...ru, kinds: sharedRu.kinds } };

export function useMessages(): PostMessages {
  return dictionaries[useSession().lang];
}

/** `fmt('{n} queued', { n: 2 })` → `2 queued`. */
export const fmt = (text: string, values: Record<string, string | number>): string =>
  text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? `{${k}}`));

/** A label of one of the platform's fixed lists (kinds, levels, handling codes …), else the code. */
export const pick = (labels: Record<string, string>, code: string): string => labels[code] ?? code;

/** A handling code with its meaning, as the report form offers it ("H2 — named recipients only, not further"). */
export const handlingCodeLabel = (lang: 'en' | 'ru', code: string): string => pick(dictionaries[lang].handlingCodes, code);

/** In UTC, marked as such, like every other screen of the console. */
export function formatTime(iso: string | undefined, lang: string): string {
  if (!iso) return '';
  return Number.isNaN(new Date(iso).getTime()) ? iso : formatUtc(lang, iso, 'short');
}

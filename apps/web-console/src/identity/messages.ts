import type { Lang } from '../i18n';
import en from './locales/en.json';
import ru from './locales/ru.json';

export type IdentityMessages = typeof en;

/** The sign-in and session labels, in the console's language. */
export function useMessages(lang: Lang): IdentityMessages {
  return lang === 'ru' ? ru : en;
}

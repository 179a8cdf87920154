/**
 * A report in progress survives a reload (and a sign-in again): it is kept in localStorage per
 * user (agency and subject), with the Idempotency-Key it will be sent with, so a retry after an
 * unanswered submit can never post it twice.
 */
import type { Who } from '../app/session';
import type { AlertInput } from './form-model';

export interface Draft {
  readonly input: AlertInput;
  readonly idempotencyKey: string;
  readonly savedAt: string;
}

export const ownerOf = (who: Who): string => `${who.agency ?? '?'}.${who.sub ?? '?'}`;
const key = (owner: string) => `cix.post.draft.${owner}`;

export function loadDraft(owner: string): Draft | null {
  try {
    const raw = localStorage.getItem(key(owner));
    return raw ? (JSON.parse(raw) as Draft) : null;
  } catch {
    return null;
  }
}

export function saveDraft(owner: string, draft: Omit<Draft, 'savedAt'>): void {
  localStorage.setItem(key(owner), JSON.stringify({ ...draft, savedAt: new Date().toISOString() }));
}

export function clearDraft(owner: string): void {
  localStorage.removeItem(key(owner));
}

import { useEffect, useState, type FormEvent } from 'react';
import { navigate, useRoute } from '../app/router';
import { useSession } from '../app/session';
import { AlertList } from './AlertList';
import { ApiError, type Alert, type FieldError, type Reference, type SearchFilters } from './receive-api';
import { messageAtField } from '../post/form-model';
import { loadReference, useMessages, useReceiveApi } from './use-receive';

const FIELDS = ['container', 'imo', 'billOfLading', 'company', 'q'] as const;
const PAGE = '25';

/**
 * Search the regional view (contract C5): container, IMO, bill of lading, company (any script,
 * any legal form), free text. The criteria live in the address, so a search survives a reload.
 */
export function SearchPage() {
  const { token } = useSession();
  const route = useRoute();
  const api = useReceiveApi();
  const m = useMessages();
  const criteria = Object.fromEntries(FIELDS.map((f) => [f, route.query.get(f) ?? ''])) as Required<SearchFilters>;
  const key = FIELDS.map((f) => criteria[f]).join('\u0000');
  const [draft, setDraft] = useState<Required<SearchFilters>>(criteria);
  const [items, setItems] = useState<Alert[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [reference, setReference] = useState<Reference>();
  const [errors, setErrors] = useState<readonly FieldError[]>([]);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const run = async (after: string | null) => {
    setBusy(true);
    setError('');
    setErrors([]);
    try {
      const [page, ref] = await Promise.all([api.list({ ...criteria, limit: PAGE, cursor: after ?? undefined }), loadReference(api, token)]);
      setReference(ref);
      setItems((xs) => (after && xs ? [...xs, ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (e) {
      if (e instanceof ApiError && e.errors.length) setErrors(e.errors);
      else setError(`${m.failed}: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    setDraft(criteria);
    if (FIELDS.some((f) => criteria[f].trim())) void run(null);
    else setItems(null);
    // `key` stands for the criteria: a new search whenever the address changes.
  }, [key]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate('/search', Object.fromEntries(FIELDS.map((f) => [f, draft[f].trim() || undefined])));
  };
  const errorOf = (f: string) => errors.filter((x) => x.field === f);

  return (
    <section className="card" aria-labelledby="search-title">
      <h2 id="search-title">{m.search}</h2>
      <form className="rx-search" onSubmit={submit} data-testid="search-form">
        {FIELDS.map((f) => (
          <label key={f}>
            {m.searchFields[f]}
            <input
              data-testid={`search-${f}`}
              value={draft[f]}
              onChange={(e) => setDraft({ ...draft, [f]: e.target.value })}
              aria-invalid={errorOf(f).length ? true : undefined}
              aria-describedby={errorOf(f).length ? `search-${f}-error` : undefined}
            />
            {errorOf(f).length > 0 && (
              <span className="error" id={`search-${f}-error`}>
                {errorOf(f).map(messageAtField).join('; ')}
              </span>
            )}
          </label>
        ))}
        <button type="submit" data-testid="search-submit" disabled={busy}>
          {m.searchButton}
        </button>
      </form>
      <p className="hint">{m.searchHint}</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {errors.filter((x) => !(FIELDS as readonly string[]).includes(x.field)).length > 0 && (
        <ul className="error" role="alert">
          {errors
            .filter((x) => !(FIELDS as readonly string[]).includes(x.field))
            .map((x) => (
              <li key={`${x.field}-${x.rule}`}>{x.message}</li>
            ))}
        </ul>
      )}
      {items && <AlertList items={items} reference={reference} testId="search-results" />}
      {cursor && (
        <button data-testid="search-more" disabled={busy} onClick={() => void run(cursor)}>
          {m.more}
        </button>
      )}
    </section>
  );
}

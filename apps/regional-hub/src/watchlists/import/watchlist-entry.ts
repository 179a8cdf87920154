/** One name an entry is known by: its main name (`primary`), the original script, or an alias with its list's quality. */
export interface EntryName {
  readonly alias: string;
  /** `primary`, `original-script`, or the list's alias quality in lower case (UN: `good`, `low`, `a.k.a.`, `f.k.a.`). */
  readonly quality: string;
}

/** One person or organisation of a watch list, as imported. */
export interface WatchlistEntry {
  /** The list's own reference (UN: REFERENCE_NUMBER, else DATAID); unique within one import. */
  readonly reference: string;
  readonly kind: 'individual' | 'entity';
  readonly name: string;
  readonly listedOn?: string;
  readonly names: readonly EntryName[];
}

export const WATCHLIST_LIMITS = {
  entries: 50_000,
  namesPerEntry: 100,
  nameLength: 500,
} as const;

import type { SharingFacts } from '@cix/access-control';

/** An alert a notice is about, by identity: its sharing is loaded again whenever the notice is judged. */
export interface AlertRef {
  readonly agency: string;
  readonly alertId: string;
}

/**
 * Who may hear a notice, as data judged at delivery and again on resume (never frozen at the time
 * it was made): `allOf` — the caller must be able to see every listed alert (a ref is judged by the
 * alert's sharing as it stands then; facts given inline are used as given); `agencyOfficers` — the
 * officers of that agency; `agency` — its officers and its auditors; `hitRequester` — the officers
 * of the requester agency while the hit is still theirs to know (the same rule as the hits list:
 * the owner's alert still discoverable, or they asked, or they may see it now). Nobody else hears it.
 */
export type NoticeAudience =
  | { readonly allOf: ReadonlyArray<AlertRef | SharingFacts> }
  | { readonly agencyOfficers: string }
  | { readonly agency: string }
  | { readonly hitRequester: { readonly agency: string; readonly hitId: string } };

/**
 * Something the projection committed that is not an alert change (a match, a hit, a request for
 * information, a screening hit): announced on the live feed as SSE `event: <event>` with `data`.
 */
export interface FeedNotice {
  readonly event: string;
  readonly data: unknown;
  readonly audience: NoticeAudience;
}

/** The alerts an audience names by identity (the feed loads their current sharing). */
export const audienceRefs = (a: NoticeAudience): AlertRef[] =>
  'allOf' in a ? a.allOf.filter((x): x is AlertRef => typeof (x as Partial<AlertRef>).alertId === 'string') : [];

/** The hits an audience is conditional on (the feed loads whether their requester may still know them). */
export const audienceHits = (a: NoticeAudience): string[] => ('hitRequester' in a ? [a.hitRequester.hitId] : []);

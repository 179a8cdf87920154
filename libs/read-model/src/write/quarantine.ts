// PostgreSQL refuses NUL in text and jsonb, and lone UTF-16 surrogates in jsonb. Refusal reasons
// quote what arrived (an agency, a stream id), so every text the hub stores about a message it
// refuses goes through `storableText`: the quarantine must never fail on the text of its reason.
// eslint-disable-next-line no-control-regex -- matching NUL is the point
const NUL = /\u0000/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text without NUL, lone surrogates replaced by U+FFFD: what PostgreSQL stores as text and in JSON. */
export const storableText = (s: string): string => s.replace(NUL, '').replace(LONE_SURROGATE, '\uFFFD');

export interface QuarantineEntry {
  readonly agency: string;
  readonly subject: string;
  readonly streamSequence: number;
  readonly reason: string;
  readonly raw: string;
}

/** Records a message the hub will never apply, with the reason, for auditors to see (the hub's own fact: never rebuilt). */
export async function insertQuarantine(q: { query: (sql: string, params: unknown[]) => Promise<unknown> }, e: QuarantineEntry): Promise<void> {
  await q.query('INSERT INTO public.hub_quarantine (agency, subject, stream_sequence, reason, raw) VALUES ($1, $2, $3, $4, $5)', [
    storableText(e.agency),
    storableText(e.subject),
    e.streamSequence,
    storableText(e.reason),
    storableText(e.raw),
  ]);
}

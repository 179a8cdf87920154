// PostgreSQL refuses NUL in text, so a quarantined message is stored without it.
// eslint-disable-next-line no-control-regex -- matching NUL is the point
const NUL = /\u0000/g;

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
    e.agency,
    e.subject,
    e.streamSequence,
    e.reason,
    e.raw.replace(NUL, ''),
  ]);
}

import { stringify } from 'csv-stringify/sync';

export type CsvDelimiter = 'comma' | 'semicolon';
export const CSV_DELIMITERS: readonly CsvDelimiter[] = ['comma', 'semicolon'];

/**
 * A CSV export that spreadsheets open safely: cells starting with = + - @ TAB CR (and their
 * full-width forms) get a leading `'` so they are never evaluated as formulas (OWASP), except
 * numbers, which stay numbers (a negative count is still -3); a UTF-8 BOM so Excel reads Cyrillic
 * correctly. `semicolon` is the variant for Russian-locale spreadsheets (and other locales whose
 * decimal separator is a comma): `;` between cells, `,` as the decimal separator.
 */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly unknown[]>, delimiter: CsvDelimiter = 'comma'): string {
  const semicolon = delimiter === 'semicolon';
  return stringify([header, ...(rows as unknown[][])], {
    bom: true,
    delimiter: semicolon ? ';' : ',',
    escape_formulas: true,
    // a lone CR or LF inside a cell is a line break to some readers: quote it
    quoted_match: /[\r\n]/,
    cast: {
      number: (n) => (semicolon ? String(n).replace('.', ',') : String(n)),
      boolean: (b) => (b ? 'true' : 'false'),
      date: (d) => d.toISOString(),
    },
  });
}

/** `Content-Disposition: attachment` with a file name safe in any header (ASCII letters, digits, dot, dash). */
export function csvAttachmentHeaders(baseName: string, day = new Date()): Record<string, string> {
  const safe = baseName
    .replace(/[^A-Za-z0-9.-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  return {
    'Content-Type': 'text/csv; charset=utf-8; header=present',
    'Content-Disposition': `attachment; filename="${safe}-${day.toISOString().slice(0, 10)}.csv"`,
    'X-Content-Type-Options': 'nosniff',
    // an export holds other agencies' figures: no shared cache keeps a copy
    'Cache-Control': 'no-store',
  };
}

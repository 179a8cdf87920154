/** Why a CSV could not be read, and the line of the row where it happened. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly reason: 'tooLong' | 'unclosedQuote',
  ) {
    super(reason === 'tooLong' ? `line ${line}: a field is too long` : `line ${line}: a quoted field is never closed`);
  }
}

export interface CsvRow {
  /** The line the row starts on (a quoted field may span several). */
  readonly line: number;
  readonly cells: string[];
}

/**
 * RFC 4180 CSV, one reader for every import (bulk reports on the nodes, watch lists on the hub):
 * quoted fields, doubled quotes, commas and line breaks inside quotes, CRLF or LF; blank rows
 * dropped. `maxField` bounds a field's length; `strictQuotes` refuses a quote never closed (else
 * the rest of the text is its field).
 */
export function csvRows(text: string, o: { readonly maxField?: number; readonly strictQuotes?: boolean } = {}): CsvRow[] {
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      cells.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') {
        i++;
        line++;
      }
      cells.push(field);
      rows.push({ line: start, cells });
      cells = [];
      field = '';
      start = line;
    } else field += c;
    if (o.maxField !== undefined && field.length > o.maxField) throw new CsvSyntaxError(start, 'tooLong');
  }
  if (quoted && o.strictQuotes) throw new CsvSyntaxError(start, 'unclosedQuote');
  if (field !== '' || cells.length) rows.push({ line: start, cells: [...cells, field] });
  return rows.filter((r) => r.cells.some((f) => f.trim() !== ''));
}

/** RFC 4180 CSV: quoted fields, doubled quotes, commas and line breaks inside quotes, CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

const LIST_COLUMNS = new Set(['containers', 'route.transit', 'distribution.recipients', 'riskIndicators']);
const NUMBER_COLUMNS = new Set(['quantity.value']);

/**
 * Rows of a CSV with a header row of dotted field names (`commodity.category`, `quantity.value`)
 * into the same objects the JSON API takes. Lists are separated by `;`. Empty cells are absent.
 */
export function csvToObjects(text: string): Array<Record<string, unknown>> {
  const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
  if (!header) return [];
  const names = header.map((h) => h.trim());
  return rows.map((cells) => {
    const obj: Record<string, unknown> = {};
    names.forEach((name, i) => {
      const raw = (cells[i] ?? '').trim();
      if (!raw || !name) return;
      const value = LIST_COLUMNS.has(name) ? raw.split(';').map((s) => s.trim()).filter(Boolean) : NUMBER_COLUMNS.has(name) && /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
      const path = name.split('.');
      let target = obj;
      for (const key of path.slice(0, -1)) target = (target[key] ??= {}) as Record<string, unknown>;
      target[path[path.length - 1]] = value;
    });
    return obj;
  });
}

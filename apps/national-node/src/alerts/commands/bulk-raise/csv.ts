import { getMetadataStorage, ValidationTypes } from 'class-validator';
import { RaiseAlertRequestDto, ValidationFailed } from '@cix/contracts';
import { csvRows } from '@cix/platform';

/** The rows of a bulk CSV as cells (RFC 4180; the one reader in libs/platform). */
export const parseCsv = (text: string): string[][] => csvRows(text).map((r) => r.cells);

type ColumnKind = 'text' | 'list' | 'number';

/**
 * Every column a CSV may have: the leaf fields of a report, derived from the request DTO (names
 * from its validation rules, kinds from the declared types). Lists of objects (parties) cannot be
 * written in one cell and are not columns.
 */
export const CSV_COLUMNS: ReadonlyMap<string, ColumnKind> = columnsOf(RaiseAlertRequestDto);

function columnsOf(root: new () => object): Map<string, ColumnKind> {
  const columns = new Map<string, ColumnKind>();
  const storage = getMetadataStorage();
  const pending: Array<{ type: new () => object; prefix: string }> = [{ type: root, prefix: '' }];
  while (pending.length) {
    const { type, prefix } = pending.shift()!;
    const rules = storage.getTargetValidationMetadatas(type, '', true, false);
    for (const name of new Set(rules.map((r) => r.propertyName))) {
      const declared = Reflect.getMetadata('design:type', type.prototype as object, name) as unknown;
      const nested = rules.some((r) => r.propertyName === name && r.type === ValidationTypes.NESTED_VALIDATION);
      if (nested && declared !== Array && typeof declared === 'function') pending.push({ type: declared as new () => object, prefix: `${prefix}${name}.` });
      else if (!nested) columns.set(`${prefix}${name}`, declared === Array ? 'list' : declared === Number ? 'number' : 'text');
    }
  }
  return columns;
}

/**
 * Rows of a CSV with a header row of dotted field names (`commodity.category`, `quantity.value`)
 * into the same objects the JSON API takes. Lists are separated by `;`. Empty cells are absent.
 * Only CSV_COLUMNS are accepted (any other header is a 400 naming it), and the objects have no
 * prototype, so no header can ever address Object.prototype.
 */
export function csvToObjects(text: string): Array<Record<string, unknown>> {
  const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
  if (!header) return [];
  const names = header.map((h) => h.trim());
  const unknown = names.filter((n) => n && !CSV_COLUMNS.has(n));
  if (unknown.length) {
    const known = `known columns: ${[...CSV_COLUMNS.keys()].join(', ')}`;
    throw new ValidationFailed(
      unknown.map((n, i) => ({ field: n, rule: 'unknownColumn', message: `column "${n}" is not a field of a report${i === 0 ? ` (${known})` : ''}` })),
    );
  }
  return rows.map((cells) => {
    const obj = Object.create(null) as Record<string, unknown>;
    names.forEach((name, i) => {
      const raw = (cells[i] ?? '').trim();
      if (!raw || !name) return;
      const kind = CSV_COLUMNS.get(name);
      const value =
        kind === 'list'
          ? raw
              .split(';')
              .map((s) => s.trim())
              .filter(Boolean)
          : kind === 'number' && /^-?\d+(\.\d+)?$/.test(raw)
            ? Number(raw)
            : raw;
      const path = name.split('.');
      let target = obj;
      for (const key of path.slice(0, -1)) target = (target[key] ??= Object.create(null)) as Record<string, unknown>;
      target[path[path.length - 1]] = value;
    });
    return obj;
  });
}

import { readFileSync } from 'node:fs';
import path from 'node:path';

type Schema = Record<string, any>;
const docs = new Map<string, { components: { schemas: Record<string, Schema> } }>();
const docOf = (name: 'hub' | 'node') => {
  if (!docs.has(name)) docs.set(name, JSON.parse(readFileSync(path.resolve('openapi', `${name}.json`), 'utf8')));
  return docs.get(name)!;
};

/**
 * Where `value` departs from the written document's schema `name` (empty: it conforms): a required
 * property missing, a property the schema does not describe, a wrong type or enum value. Enough to
 * catch a view and its documented answer drifting apart (the console's types are generated from it).
 */
export function shapeProblems(value: unknown, name: string, doc: 'hub' | 'node' = 'hub'): string[] {
  const schemas = docOf(doc).components.schemas;
  const problems: string[] = [];
  const check = (v: unknown, s: Schema, at: string): boolean => {
    if (s.$ref) return check(v, schemas[String(s.$ref).split('/').pop()!], at);
    if (s.oneOf) {
      const fits = (s.oneOf as Schema[]).filter((o) => {
        const before = problems.length;
        const ok = check(v, o, at) && problems.length === before;
        problems.length = before;
        return ok;
      });
      if (fits.length !== 1) problems.push(`${at}: fits ${fits.length} of oneOf`);
      return fits.length === 1;
    }
    const types = ([] as string[]).concat(s.type ?? []);
    const typeOf = v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v;
    if (types.length && !types.includes(typeOf) && !(typeOf === 'integer' && types.includes('number'))) {
      problems.push(`${at}: ${typeOf}, not ${types.join('|')}`);
      return false;
    }
    if (s.enum && !(s.enum as unknown[]).includes(v)) problems.push(`${at}: ${JSON.stringify(v)} not in enum`);
    if (typeOf === 'array' && s.items) (v as unknown[]).forEach((x, i) => check(x, s.items, `${at}[${i}]`));
    if (typeOf === 'object' && s.properties) {
      const o = v as Record<string, unknown>;
      for (const k of s.required ?? []) if (!(k in o)) problems.push(`${at}.${k}: required, missing`);
      for (const [k, x] of Object.entries(o)) {
        if (!(k in s.properties)) problems.push(`${at}.${k}: not in the document`);
        else check(x, s.properties[k], `${at}.${k}`);
      }
    }
    return true;
  };
  check(value, { $ref: `#/components/schemas/${name}` }, name);
  return problems;
}

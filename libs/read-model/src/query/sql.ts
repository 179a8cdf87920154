/**
 * A small tagged-template SQL builder. `sql\`… ${value} …\`` makes a fragment: the template's own
 * text is trusted SQL (it is source code), every interpolated value becomes a bind parameter, and an
 * interpolated fragment is spliced in with its own parameters. Positions are given only once, by
 * `toQuery`, so no caller ever counts `$n`: composing fragments in any order numbers them right.
 *
 * There is no way to splice a string as SQL: a string is always a parameter. The only other ways to
 * produce SQL text are `sql.identifier` (a checked, quoted name) and the constant fragments below.
 */

type Part = { readonly text: string } | { readonly value: unknown };

/** A piece of SQL with its parameters, not yet numbered. Made only by `sql` and its helpers. */
export class SqlFragment {
  readonly #parts: readonly Part[];

  /** @internal the module's own constructor token keeps fragments from being forged from strings. */
  constructor(token: typeof MINT, parts: readonly Part[]) {
    if (token !== MINT) throw new TypeError('SqlFragment is made with the sql tag');
    this.#parts = parts;
  }

  /** @internal */
  static parts(f: SqlFragment): readonly Part[] {
    return f.#parts;
  }
}

const MINT: unique symbol = Symbol('sql.mint');
const fragment = (parts: readonly Part[]) => new SqlFragment(MINT, parts);

/** A hand-written `$1` in a template would collide with the numbering `toQuery` gives. */
const POSITIONAL = /\$\d/;

/** Quotes seen so far: odd means the next value would land inside a string literal, where it is no parameter. */
const quotes = (text: string) => text.split("'").length - 1;

function build(strings: TemplateStringsArray, values: readonly unknown[]): SqlFragment {
  if (!Array.isArray(strings.raw)) throw new TypeError('sql is a template tag: sql`…`');
  const parts: Part[] = [];
  let quoted = 0;
  strings.forEach((text, i) => {
    if (POSITIONAL.test(text)) throw new Error(`sql: a positional parameter in the template text (${text.trim().slice(0, 60)}); interpolate the value instead`);
    if (text) parts.push({ text });
    if (i >= values.length) return;
    quoted += quotes(text);
    // PostgreSQL would read `'%${x}%'` as the text "%$1%", not a parameter: refuse it where it is written.
    if (quoted % 2)
      throw new Error(`sql: a value inside a quoted literal (${text.trim().slice(-40)}…); interpolate the whole value, e.g. build '%' || value || '%' in JS`);
    const v = values[i];
    if (v instanceof SqlFragment) parts.push(...SqlFragment.parts(v));
    else if (v === undefined) throw new Error('sql: undefined is not a value (pass null for SQL NULL)');
    else parts.push({ value: v });
  });
  return fragment(parts);
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** A schema, table, column or alias name, checked and quoted: `identifier('hub', 'hub_alerts')` → `"hub"."hub_alerts"`. */
function identifier(...names: string[]): SqlFragment {
  if (!names.length) throw new Error('sql.identifier: no name');
  for (const n of names) if (!IDENTIFIER.test(n)) throw new Error(`sql.identifier: not a plain lower-case name: ${JSON.stringify(n).slice(0, 70)}`);
  return fragment([{ text: names.map((n) => `"${n}"`).join('.') }]);
}

/** The fragments, separated by `separator`; nothing for none. */
function join(fragments: readonly SqlFragment[], separator: SqlFragment): SqlFragment {
  return fragment(fragments.flatMap((f, i) => [...(i ? SqlFragment.parts(separator) : []), ...SqlFragment.parts(f)]));
}

/** A condition, or a falsy value for none (so `filter && sql`…`` reads naturally). */
type Condition = SqlFragment | null | undefined | false | '' | 0;

/** The fragments among `conditions`; a string or other truthy value is a mistake that would silently drop a filter. */
function fragmentsOf(where: string, conditions: readonly Condition[]): SqlFragment[] {
  for (const c of conditions)
    if (c && !(c instanceof SqlFragment)) throw new TypeError(`${where}: a condition must be an sql\`…\` fragment, not a ${typeof c}`);
  return conditions.filter((c): c is SqlFragment => c instanceof SqlFragment);
}

/** The conditions given (falsy ones skipped) joined by AND, in parentheses (so it splices safely beside any operator); TRUE when none is. */
function and(...conditions: Condition[]): SqlFragment {
  const present = fragmentsOf('sql.and', conditions);
  return present.length
    ? sql`(${join(
        present.map((c) => sql`(${c})`),
        sql` AND `,
      )})`
    : TRUE;
}

/** The conditions given (falsy ones skipped) joined by OR, in parentheses; FALSE when none is. */
function or(...conditions: Condition[]): SqlFragment {
  const present = fragmentsOf('sql.or', conditions);
  return present.length
    ? sql`(${join(
        present.map((c) => sql`(${c})`),
        sql` OR `,
      )})`
    : FALSE;
}

const EMPTY = fragment([]);
const TRUE = fragment([{ text: 'TRUE' }]);
const FALSE = fragment([{ text: 'FALSE' }]);

export interface Sql {
  (strings: TemplateStringsArray, ...values: unknown[]): SqlFragment;
  identifier: typeof identifier;
  join: typeof join;
  and: typeof and;
  or: typeof or;
  readonly empty: SqlFragment;
  readonly true: SqlFragment;
  readonly false: SqlFragment;
}

export const sql: Sql = Object.assign((strings: TemplateStringsArray, ...values: unknown[]) => build(strings, values), {
  identifier,
  join,
  and,
  or,
  empty: EMPTY,
  true: TRUE,
  false: FALSE,
});

export interface Query {
  readonly text: string;
  readonly values: unknown[];
}

/** Numbers the parameters `$1..$n` in the order they appear in the text; each use is its own parameter. */
export function toQuery(f: SqlFragment): Query {
  if (!(f instanceof SqlFragment)) throw new TypeError(`toQuery: expected an sql\`…\` fragment, not a ${typeof f} (plain strings are never run as SQL)`);
  let text = '';
  const values: unknown[] = [];
  for (const p of SqlFragment.parts(f)) {
    if ('text' in p) text += p.text;
    else text += `$${values.push(p.value)}`;
  }
  return { text, values };
}

/** What runs a query: a TypeORM DataSource, EntityManager or QueryRunner. */
export interface Queryable {
  query(text: string, values?: unknown[]): Promise<unknown>;
}

/** Runs `f` on `db` and returns its rows. */
export async function queryRows<T>(db: Queryable, f: SqlFragment): Promise<T[]> {
  const { text, values } = toQuery(f);
  return (await db.query(text, values)) as T[];
}

import { describe, expect, it } from '@jest/globals';
import { SqlFragment, sql, toQuery } from './sql.js';

describe('the sql tag', () => {
  it('makes every interpolated value a parameter, numbered in text order', () => {
    expect(toQuery(sql`SELECT * FROM t WHERE a = ${1} AND b = ${'x'}`)).toEqual({ text: 'SELECT * FROM t WHERE a = $1 AND b = $2', values: [1, 'x'] });
  });

  it('splices nested fragments with their own values and numbers across the nesting', () => {
    const inner = sql`b = ${'x'} OR c = ${sql`lower(${'Y'})`}`;
    const q = toQuery(sql`SELECT 1 WHERE a = ${0} AND (${inner}) AND d = ${true}`);
    expect(q).toEqual({ text: 'SELECT 1 WHERE a = $1 AND (b = $2 OR c = lower($3)) AND d = $4', values: [0, 'x', 'Y', true] });
  });

  it('gives the same value used twice, or a fragment spliced twice, a parameter per use', () => {
    const v = sql`v = ${'KZ'}`;
    expect(toQuery(sql`${v} OR ${v} OR w = ${'KZ'}`)).toEqual({ text: 'v = $1 OR v = $2 OR w = $3', values: ['KZ', 'KZ', 'KZ'] });
  });

  it('passes an array as one parameter', () => {
    expect(toQuery(sql`agency = ANY(${['AZ', 'KZ']}::text[])`)).toEqual({ text: 'agency = ANY($1::text[])', values: [['AZ', 'KZ']] });
  });

  it('never splices a string as SQL: a hostile string stays a parameter', () => {
    const hostile = "x' OR TRUE --";
    const q = toQuery(sql`name = ${hostile}`);
    expect(q.text).toBe('name = $1');
    expect(q.values).toEqual([hostile]);
    // Not a template: the tag refuses a plain array of strings, and a fragment cannot be made from text.
    expect(() => (sql as unknown as (s: string[]) => unknown)(['DROP TABLE t'])).toThrow(/template/);
    expect(() => new SqlFragment(Symbol('sql.mint') as never, [{ text: 'TRUE' }])).toThrow();
  });

  it('refuses hand-written positions and undefined values', () => {
    expect(() => sql`a = $1`).toThrow(/positional/);
    expect(() => sql`a = ${undefined}`).toThrow(/undefined/);
    expect(toQuery(sql`a IS NOT DISTINCT FROM ${null}`)).toEqual({ text: 'a IS NOT DISTINCT FROM $1', values: [null] });
  });

  it('quotes checked identifiers and refuses anything else as a name', () => {
    expect(toQuery(sql`SELECT * FROM ${sql.identifier('hub_rebuild_1', 'hub_alerts')}`).text).toBe('SELECT * FROM "hub_rebuild_1"."hub_alerts"');
    for (const bad of ['a"; DROP TABLE t; --', 'Hub', '1a', '', 'a.b', 'x'.repeat(64)]) expect(() => sql.identifier(bad)).toThrow(/identifier/);
  });

  it('joins, ands and ors fragments, skipping absent conditions, in parentheses', () => {
    expect(toQuery(sql.join([sql`a = ${1}`, sql`b = ${2}`], sql`, `))).toEqual({ text: 'a = $1, b = $2', values: [1, 2] });
    expect(toQuery(sql.join([], sql`, `))).toEqual({ text: '', values: [] });
    const f = sql.and(sql`a = ${1}`, null, false, undefined, sql`b = ${2} OR c`);
    expect(toQuery(sql`${f} AND d`)).toEqual({ text: '((a = $1) AND (b = $2 OR c)) AND d', values: [1, 2] });
    expect(toQuery(sql.and())).toEqual({ text: 'TRUE', values: [] });
    expect(toQuery(sql.or(null, false))).toEqual({ text: 'FALSE', values: [] });
    expect(toQuery(sql`x${sql.empty}y`)).toEqual({ text: 'xy', values: [] });
  });

  it('refuses the mistakes that would otherwise run wrong: a value inside quotes, a string as a condition, a string as a query', () => {
    expect(() => sql`name LIKE '%${'x'}%'`).toThrow(/inside a quoted literal/);
    expect(toQuery(sql`state->>'kind' = ${'seizure'} AND recipients = '{}'`).values).toEqual(['seizure']);
    expect(() => sql.and(sql`a`, 'b = 1' as unknown as false)).toThrow(/sql.and: a condition must be/);
    expect(() => sql.or('b = 1' as unknown as false)).toThrow(/sql.or: a condition must be/);
    expect(() => toQuery('SELECT 1' as unknown as ReturnType<typeof sql>)).toThrow(/plain strings are never run/);
  });
});

import { describe, expect, it } from '@jest/globals';
import type { Principal } from '@cix/auth';
import { routeKeySql } from './route-key.sql.js';
import { sql, toQuery } from './sql.js';
import { visibleTo } from './visibility.sql.js';

const officer = (agency: string): Principal => ({ sub: `o-${agency}`, agency, role: 'officer' });
const auditor = (agency: string): Principal => ({ sub: `a-${agency}`, agency, role: 'auditor' });
const coordinator: Principal = { sub: 'c', agency: 'CCP', role: 'coordinator' };

describe('the visibility predicate of each kind of principal', () => {
  it('an agency officer: all of its own agency, regional alerts, bilateral ones naming it', () => {
    expect(toQuery(visibleTo(officer('KZ')))).toEqual({
      text: "((agency = ANY($1::text[])) OR (level = 'regional') OR (level = 'bilateral' AND $2::text = ANY(recipients)))",
      values: [['KZ'], 'KZ'],
    });
  });

  it('the coordinator (and the programme auditor): regional alerts and bilateral ones naming the programme, no agency of its own', () => {
    const expected = { text: "((level = 'regional') OR (level = 'bilateral' AND $1::text = ANY(recipients)))", values: ['CCP'] };
    expect(toQuery(visibleTo(coordinator))).toEqual(expected);
    expect(toQuery(visibleTo(auditor('CCP')))).toEqual(expected);
  });

  it('a national auditor: its own agency only', () => {
    expect(toQuery(visibleTo(auditor('AZ')))).toEqual({ text: '((agency = ANY($1::text[])))', values: [['AZ']] });
  });

  it('nobody, a programme officer, a national coordinator, an unknown role: FALSE', () => {
    for (const p of [undefined, officer('CCP'), { ...coordinator, agency: 'KZ' }, { sub: 'x', agency: 'KZ', role: 'admin' as never }]) {
      expect(toQuery(visibleTo(p))).toEqual({ text: 'FALSE', values: [] });
    }
  });

  it('qualifies the columns with a checked alias, and keeps an agency name out of the SQL text whatever it holds', () => {
    expect(toQuery(visibleTo(auditor('AZ'), 'a')).text).toBe('(("a".agency = ANY($1::text[])))');
    const hostile = officer("KZ') OR TRUE --");
    const q = toQuery(visibleTo(hostile, 'a'));
    expect(q.text).not.toContain('TRUE');
    expect(q.values).toEqual([["KZ') OR TRUE --"], "KZ') OR TRUE --"]);
    expect(() => visibleTo(coordinator, 'a; DROP TABLE hub_alerts')).toThrow(/identifier/);
  });
});

describe('the predicate composed with the caller’s filters', () => {
  // What positional assembly got wrong: a filter before the clause, the clause twice, values between.
  it('numbers right in any order and any nesting', () => {
    const vis = visibleTo(officer('AZ'));
    const byKind = sql`kind = ${'seizure'}`;
    const byRoute = sql`${routeKeySql(sql`state->'content'`)} = ${'AZ>-KZ'}`;
    const q = toQuery(
      sql`SELECT id FROM hub_alerts WHERE ${sql.and(byKind, vis, byRoute)} AND EXISTS (SELECT 1 FROM hub_alerts a WHERE ${visibleTo(coordinator, 'a')}) LIMIT ${11}`,
    );
    expect(q.values).toEqual(['seizure', ['AZ'], 'AZ', 'AZ>-KZ', 'CCP', 11]);
    expect(q.text).toMatch(
      /^SELECT id FROM hub_alerts WHERE \(\(kind = \$1\) AND \(\(\(agency = ANY\(\$2::text\[\]\)\) OR .*\$3::text = ANY\(recipients\)\)\)\) AND /,
    );
    expect(q.text).toContain("coalesce(state->'content'->'route'->>'destination', '?') = $4");
    expect(q.text).toContain('$5::text = ANY("a".recipients)');
    expect(q.text).toMatch(/LIMIT \$6$/);
    // Every number 1..n appears, each once, in order.
    expect([...q.text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('gives the same numbering whichever order the filters come in', () => {
    const vis = visibleTo(officer('TM'));
    const f = [sql`unit = ${'TM-AKT'}`, vis, sql`occurred_at >= ${'2026-01-01'}::timestamptz`];
    for (const order of [f, [...f].reverse(), [f[1], f[0], f[2]]]) {
      const q = toQuery(sql`SELECT 1 WHERE ${sql.and(...order)}`);
      expect([...q.text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]))).toEqual([1, 2, 3, 4]);
      // Each parameter sits where its value belongs.
      const at = (n: number) => q.values[n - 1];
      expect(at(Number(/unit = \$(\d+)/.exec(q.text)![1]))).toBe('TM-AKT');
      expect(at(Number(/agency = ANY\(\$(\d+)/.exec(q.text)![1]))).toEqual(['TM']);
      expect(at(Number(/\$(\d+)::text = ANY\(recipients/.exec(q.text)![1]))).toBe('TM');
      expect(at(Number(/occurred_at >= \$(\d+)/.exec(q.text)![1]))).toBe('2026-01-01');
    }
  });
});

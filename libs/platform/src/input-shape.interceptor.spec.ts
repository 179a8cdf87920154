import { describe, expect, it } from '@jest/globals';
import { inspectInput, MAX_INPUT_DEPTH } from './input-shape.interceptor.js';

describe('edge inspection of request input', () => {
  it('walks any depth without recursion and reports where the limit was crossed', () => {
    let v: unknown = 'leaf';
    for (let i = 0; i < 200_000; i++) v = [v];
    const { errors, total } = inspectInput(v, 'body');
    expect(total).toBe(1);
    expect(errors[0]).toMatchObject({ rule: 'maxDepth', field: '[0]'.repeat(MAX_INPUT_DEPTH) });
  });

  it('accepts ordinary reports, tabs and line breaks, emoji and Cyrillic', () => {
    expect(inspectInput({ commodity: { description: 'героин\tв тайнике\r\n🚢' }, parties: [{ name: 'Caspian LLC' }] }, 'body').total).toBe(0);
  });

  it('counts every problem but lists at most 100', () => {
    const { errors, total } = inspectInput(
      Array.from({ length: 500 }, () => 'a\u0000'),
      'body',
    );
    expect(total).toBe(500);
    expect(errors).toHaveLength(100);
  });

  it('refuses objects in a query string and prototype segments in query keys; repeated keys stay allowed', () => {
    expect(inspectInput({ a: { b: '1' } }, 'query').errors).toEqual([expect.objectContaining({ field: 'a', rule: 'nestedQuery' })]);
    expect(inspectInput({ 'a[__proto__]': '1' }, 'query').errors).toEqual([expect.objectContaining({ rule: 'forbiddenKey' })]);
    expect(inspectInput({ agency: ['AZ', 'KZ'] }, 'query').total).toBe(0);
    expect(inspectInput({ agency: ['AZ', ['KZ']] }, 'query').errors).toEqual([expect.objectContaining({ field: 'agency[1]', rule: 'nestedQuery' })]);
  });

  it('checks keys as well as values', () => {
    expect(inspectInput(JSON.parse('{"a\\u0000":1}'), 'body').errors).toEqual([expect.objectContaining({ rule: 'noControlChars' })]);
    expect(inspectInput(JSON.parse('{"x":{"constructor":{"prototype":{}}}}'), 'body').errors).toEqual([
      expect.objectContaining({ field: 'x.constructor', rule: 'forbiddenKey' }),
    ]);
  });
});

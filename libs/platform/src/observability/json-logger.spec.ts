import { describe, expect, it } from '@jest/globals';
import { JsonLogger } from './json-logger.js';
import { saneRequestId, withRequestId } from './request-context.js';

const capture = (level: string) => {
  const lines: Array<Record<string, unknown>> = [];
  const logger = new JsonLogger('node-KZ', level, (l) => lines.push(JSON.parse(l) as Record<string, unknown>));
  return { logger, lines };
};

describe('JsonLogger', () => {
  it('writes one JSON object per line with level, time, service, context and the current request id', () => {
    const { logger, lines } = capture('log');
    withRequestId('req-1', () => logger.log('stored', 'EventStore'));
    expect(lines).toEqual([{ level: 'info', time: expect.any(String), service: 'node-KZ', context: 'EventStore', requestId: 'req-1', message: 'stored' }]);
  });

  it('keeps the fields of an object message, its request id included, outside any request', () => {
    const { logger, lines } = capture('log');
    logger.log({ message: 'applied 2 event(s) of AZ', requestId: 'abc', events: 2 }, 'Projection');
    expect(lines[0]).toMatchObject({ level: 'info', context: 'Projection', requestId: 'abc', events: 2, message: 'applied 2 event(s) of AZ' });
  });

  it('drops levels below the configured one and keeps the stack of an error', () => {
    const { logger, lines } = capture('warn');
    logger.log('hidden');
    logger.debug('hidden');
    logger.warn('shown', 'Relay');
    logger.error('failed', 'Error: x\n    at f (a.js:1:1)', 'Relay');
    expect(lines.map((l) => [l.level, l.message, l.context])).toEqual([
      ['warn', 'shown', 'Relay'],
      ['error', 'failed', 'Relay'],
    ]);
    expect(lines[1].stack).toContain('at f');
  });
});

describe('saneRequestId', () => {
  it('takes bounded printable ids and nothing that could break a log line or a header', () => {
    expect(saneRequestId('officer-7f3a:0001')).toBe('officer-7f3a:0001');
    for (const bad of ['', 'a'.repeat(129), 'has space', 'line\nbreak', 'quote"', 'ünï', undefined, ['a', 'b']]) expect(saneRequestId(bad)).toBeUndefined();
  });
});

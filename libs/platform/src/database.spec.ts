import { describe, expect, it } from '@jest/globals';
import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from './database.js';

/** An error as pg raises it for a statement the server refused: message plus SQLSTATE. */
const pgError = (message: string, code: string) => Object.assign(new Error(message), { code, severity: 'FATAL' });

describe('isDatabaseUnavailable: what the HTTP filter answers 503 (retry) instead of 500', () => {
  it.each([
    [
      'the server shutting down under a connection (57P01)',
      new QueryFailedError('SELECT 1', [], pgError('terminating connection due to administrator command', '57P01')),
    ],
    ['a connection while it starts up (57P03)', pgError('the database system is starting up', '57P03')],
    ['too many connections (53300)', pgError('sorry, too many clients already', '53300')],
    ['a serialization failure (40001)', pgError('could not serialize access', '40001')],
    ['a refused TCP connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED', errno: -111 })],
    ['a connection lost mid-query (pg gives no code)', new QueryFailedError('SELECT 1', [], new Error('Connection terminated unexpectedly'))],
    ['a pool client broken earlier', new Error('Client has encountered a connection error and is not queryable')],
    ['a pool that cannot connect in time', new Error('timeout exceeded when trying to connect')],
  ])('%s', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation (the data)', new QueryFailedError('INSERT', [], pgError('duplicate key value violates unique constraint', '23505'))],
    ['a syntax error (a bug)', pgError('syntax error at or near "SELEC"', '42601')],
    ['a missing file (not the database)', Object.assign(new Error("ENOENT: no such file or directory, open 'x'"), { code: 'ENOENT' })],
    ['any other bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['not an error at all', undefined],
  ])('not %s', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

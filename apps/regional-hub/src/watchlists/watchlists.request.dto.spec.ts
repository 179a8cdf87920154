import { describe, expect, it } from '@jest/globals';
import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { ListScreeningHitsRequestDto } from './watchlists.request.dto.js';

const errorsOf = async (query: Record<string, string>) =>
  (await validate(plainToInstance(ListScreeningHitsRequestDto, query))).flatMap((e) => Object.values(e.constraints ?? {}));

describe('GET /api/screening/hits query', () => {
  it('refuses a foreign cursor in words, without showing the pattern it must match', async () => {
    expect(await errorsOf({ cursor: 'abc' })).toEqual(['cursor must be a cursor of this list']);
  });

  it('takes the nextCursor shape it hands out', async () => {
    expect(await errorsOf({ cursor: '2026-12-01T00:54:30.210Z_007b2ccf-f217-467b-8ace-dadd8a5d9bc2' })).toEqual([]);
  });
});

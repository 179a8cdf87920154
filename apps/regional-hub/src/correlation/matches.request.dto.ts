import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { IsInstant } from '@cix/contracts';

/** The kinds of key a match can be on (identifiers, party names across scripts, and the weak route + HS chapter). */
export const MATCH_KINDS = ['container', 'imo', 'vessel-name', 'bill-of-lading', 'vehicle-plate', 'rail-wagon', 'party', 'route-hs'] as const;

export class ListMatchesRequestDto {
  @IsOptional() @IsIn(MATCH_KINDS) readonly kind?: (typeof MATCH_KINDS)[number];
  /** `nextCursor` of the previous page. */
  @IsOptional() @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'cursor must be a cursor of this list' }) readonly cursor?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) readonly limit: number = 50;
}

export class MatchTrendsRequestDto {
  @IsOptional() @IsInstant() readonly from?: string;
  @IsOptional() @IsInstant() readonly to?: string;
}

export class CommonValueDecisionDto {
  @IsIn(MATCH_KINDS.filter((k) => k !== 'route-hs')) readonly kind!: string;
  @IsString() @Length(1, 300) readonly value!: string;
  @IsIn(['common', 'not-common']) readonly decision!: 'common' | 'not-common';
}

import { IsBooleanString, IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';

export const WATCHLIST_FORMATS = ['un-xml', 'csv'] as const;
export const LIST_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
export const DEFAULT_UN_LIST = 'un-sc-consolidated';

export class ImportWatchlistRequestDto {
  /** The list this import is the next version of (default for un-xml: `un-sc-consolidated`). */
  @IsOptional() @Matches(LIST_NAME, { message: 'list must be 1–64 of a-z 0-9 . _ - (starting with a letter or digit)' }) readonly list?: string;
  /** Default: from the Content-Type (application/xml → un-xml, text/csv → csv). */
  @IsOptional() @IsIn(WATCHLIST_FORMATS) readonly format?: (typeof WATCHLIST_FORMATS)[number];
}

export class ListScreeningHitsRequestDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) readonly limit: number = 100;
  /** The `nextCursor` of the previous page. */
  @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z_[0-9a-f-]{36}$/, { message: 'cursor must be a cursor of this list' }) readonly cursor?: string;
  @IsOptional() @IsUUID() readonly alertId?: string;
  /** `true`: only hits whose entry is still listed; `false`: only those no longer listed. */
  @IsOptional() @IsBooleanString() readonly listed?: string;
}

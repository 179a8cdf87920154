import { IsIn, IsOptional } from 'class-validator';
import { IsInstant } from '@cix/contracts';
import { CSV_DELIMITERS, type CsvDelimiter } from '@cix/platform';
import { TREND_DIMENSIONS } from '@cix/read-model';

export const SEIZURE_GROUPS = [...TREND_DIMENSIONS.filter((d) => d !== 'day'), 'day', 'week', 'month'] as const;
export const EFFECTIVENESS_GROUPS = ['sendingAgency', 'receivingAgency', 'unit'] as const;

export class SeizureTrendsRequestDto {
  @IsIn(SEIZURE_GROUPS) readonly groupBy!: (typeof SEIZURE_GROUPS)[number];
  /** With a period grouping (day, week, month): one series per key of this dimension. */
  @IsOptional() @IsIn(TREND_DIMENSIONS.filter((d) => d !== 'day')) readonly series?: string;
  @IsOptional() @IsInstant() readonly from?: string;
  @IsOptional() @IsInstant() readonly to?: string;
  /** CSV only: `semicolon` for Russian-locale spreadsheets (`;` between cells, decimal comma). */
  @IsOptional() @IsIn(CSV_DELIMITERS) readonly delimiter?: CsvDelimiter;
}

export class EffectivenessRequestDto {
  @IsOptional() @IsIn(EFFECTIVENESS_GROUPS) readonly groupBy: (typeof EFFECTIVENESS_GROUPS)[number] = 'sendingAgency';
  @IsOptional() @IsInstant() readonly from?: string;
  @IsOptional() @IsInstant() readonly to?: string;
  /** CSV only: `semicolon` for Russian-locale spreadsheets (`;` between cells, decimal comma). */
  @IsOptional() @IsIn(CSV_DELIMITERS) readonly delimiter?: CsvDelimiter;
}

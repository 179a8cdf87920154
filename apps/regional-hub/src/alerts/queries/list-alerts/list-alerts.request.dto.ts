import { IsPageCursor } from '../../domain/list-cursor.js';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateIf } from 'class-validator';
import { ALERT_KINDS, canonicalContainerNumber, canonicalImo, IsCountryCode, IsInstant } from '@cix/contracts';
import { CSV_DELIMITERS, type CsvDelimiter } from '@cix/platform';

export const HUB_LIST_STATUSES = ['open', 'closed', 'retracted', 'expired'] as const;
export const ASKED_ANSWERS = ['given', 'seizure', 'overdue', 'unanswered'] as const;

/**
 * The filters every view of alerts accepts: the live list (SQL over the current state) and the
 * auditors' as-of view (the same fields, matched against each alert as it stood then).
 */
export class AlertFiltersDto {
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? canonicalContainerNumber(value) : value))
  @Matches(/^[A-Z]{4}\d{7}$/, { message: 'container must be a container number' })
  readonly container?: string;
  /** Free text in the description, company names (Cyrillic or Latin), containers, bill of lading, vessel name; never names of persons. */
  @IsOptional() @IsString() @Length(2, 200) readonly q?: string;
  @IsOptional() @Matches(/^[A-Z]{2,3}$/, { message: 'agency must be an agency code' }) readonly agency?: string;
  @IsOptional() @Matches(/^[A-Z]{2,3}-[A-Z0-9-]{2,40}$/, { message: 'unit must be a unit code' }) readonly unit?: string;
  @IsOptional() @IsIn(ALERT_KINDS) readonly kind?: string;
  @IsOptional() @IsIn(HUB_LIST_STATUSES) readonly status?: (typeof HUB_LIST_STATUSES)[number];
  @IsOptional() @Length(2, 40) readonly commodity?: string;
  @IsOptional() @Matches(/^\d{2}$/, { message: 'hsChapter must be two digits' }) readonly hsChapter?: string;
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^(IMO\s?)?\d{7}$/i.test(value.trim()) ? canonicalImo(value) : value))
  @Matches(/^IMO\d{7}$/, { message: 'imo must be an IMO number' })
  readonly imo?: string;
  /** Any country on the route: departure, transit or destination. */
  @IsOptional() @IsCountryCode() readonly country?: string;
  @IsOptional() @IsInstant() readonly from?: string;
  @IsOptional() @IsInstant() readonly to?: string;
  @IsPageCursor() readonly cursor?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) readonly limit: number = 50;
}

export class ListHubAlertsRequestDto extends AlertFiltersDto {
  /** A bill of lading, however spaced or dashed. */
  @IsOptional() @IsString() @Length(2, 60) readonly billOfLading?: string;
  /** A company, in any script, with or without its legal form (`ТОО «Каспий Транс Логистик»` finds `Kaspiy Trans Logistik LLP`). */
  @IsOptional() @IsString() @Length(2, 300) readonly company?: string;
  /** A route as the trends name it: `AF>TM>AZ` (departure > transits joined by + > destination; `?`/`-` where unknown/none). */
  @IsOptional() @Matches(/^[A-Z?]{1,2}>[A-Z+-]{1,40}>[A-Z?]{1,2}$/, { message: 'route must look like AF>TM>AZ' }) readonly route?: string;
  /** High-risk-consignment alerts (not retracted) that asked this agency to act: the alerts behind an effectiveness figure. */
  @ValidateIf((o: ListHubAlertsRequestDto) => o.askedOf !== undefined || o.answer !== undefined)
  @Matches(/^[A-Z]{2,3}$/, { message: 'askedOf must be an agency code (required with answer)' })
  readonly askedOf?: string;
  /** With `askedOf`: that agency's answer — `given`, `seizure` (a hit), `overdue`, `unanswered` (neither given nor overdue). */
  @IsOptional() @IsIn(ASKED_ANSWERS) readonly answer?: (typeof ASKED_ANSWERS)[number];
  /** Raised from / before (the effectiveness figures' period; `from`/`to` are when it occurred). */
  @IsOptional() @IsInstant() readonly raisedFrom?: string;
  @IsOptional() @IsInstant() readonly raisedTo?: string;
  /** CSV only (`Accept: text/csv`): `semicolon` for Russian-locale spreadsheets (`;` between cells, decimal comma). */
  @IsOptional() @IsIn(CSV_DELIMITERS) readonly delimiter?: CsvDelimiter;
}

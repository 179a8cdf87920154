import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { ALERT_KINDS, canonicalContainerNumber, canonicalImo, IsCountryCode, IsInstant } from '@cix/contracts';
import { IsPageCursor } from '../../alerts/domain/list-cursor.js';
import { HUB_LIST_STATUSES } from '../../alerts/queries/list-alerts/list-alerts.request.dto.js';
import { SEIZURE_GROUPS } from '../../trends/trends.request.dto.js';

export const AS_OF_ROLES = ['officer', 'coordinator'] as const;

/** Whose view, and when: an agency's officers (`AZ`, `KZ`, `TM`) or the programme's coordinators (`CCP`). */
class AsOfPrincipalDto {
  @Matches(/^[A-Z]{2,3}$/, { message: 'principal must be an agency code or CCP' }) readonly principal!: string;
  /** Default: `coordinator` for CCP, `officer` for an agency. */
  @IsOptional() @IsIn(AS_OF_ROLES) readonly role?: (typeof AS_OF_ROLES)[number];
  @IsInstant() readonly at!: string;
}

/**
 * The list filters an as-of view supports, applied to each alert as it stood at `at` (the live
 * list's filters are SQL over the current state; these are the same fields, matched in memory).
 */
export class AsOfAlertsRequestDto extends AsOfPrincipalDto {
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? canonicalContainerNumber(value) : value))
  @Matches(/^[A-Z]{4}\d{7}$/, { message: 'container must be a container number' })
  readonly container?: string;
  /** Text in the commodity description and company names (never in names of persons). */
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
  @IsOptional() @IsCountryCode() readonly country?: string;
  @IsOptional() @IsInstant() readonly from?: string;
  @IsOptional() @IsInstant() readonly to?: string;
  @IsPageCursor() readonly cursor?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) readonly limit: number = 50;
}

export class AsOfTrendsRequestDto extends AsOfPrincipalDto {
  @IsIn(SEIZURE_GROUPS) readonly groupBy!: (typeof SEIZURE_GROUPS)[number];
  @IsOptional() @IsInstant() readonly from?: string;
  @IsOptional() @IsInstant() readonly to?: string;
}

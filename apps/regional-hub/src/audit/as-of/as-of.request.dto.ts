import { IsIn, IsOptional, Matches } from 'class-validator';
import { IsInstant } from '@cix/contracts';
import { AlertFiltersDto } from '../../alerts/queries/list-alerts/list-alerts.request.dto.js';
import { SEIZURE_GROUPS } from '../../trends/trends.request.dto.js';

export const AS_OF_ROLES = ['officer', 'coordinator'] as const;

const PRINCIPAL_RULE = { message: 'principal must be an agency code or CCP' };

/**
 * What an agency's officers (`AZ`, `KZ`, `TM`) or the programme's coordinators (`CCP`) saw at `at`:
 * the live list's filters, applied to each alert as it stood then.
 */
export class AsOfAlertsRequestDto extends AlertFiltersDto {
  @Matches(/^[A-Z]{2,3}$/, PRINCIPAL_RULE) readonly principal!: string;
  /** Default: `coordinator` for CCP, `officer` for an agency. */
  @IsOptional() @IsIn(AS_OF_ROLES) readonly role?: (typeof AS_OF_ROLES)[number];
  @IsInstant() readonly at!: string;
}

export class AsOfTrendsRequestDto {
  @Matches(/^[A-Z]{2,3}$/, PRINCIPAL_RULE) readonly principal!: string;
  @IsOptional() @IsIn(AS_OF_ROLES) readonly role?: (typeof AS_OF_ROLES)[number];
  @IsInstant() readonly at!: string;
  @IsIn(SEIZURE_GROUPS) readonly groupBy!: (typeof SEIZURE_GROUPS)[number];
  @IsOptional() @IsInstant() readonly from?: string;
  @IsOptional() @IsInstant() readonly to?: string;
}

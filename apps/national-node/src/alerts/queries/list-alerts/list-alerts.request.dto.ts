import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Length, Matches, Max, Min } from 'class-validator';
import { ALERT_KINDS, canonicalContainerNumber, IsInstant } from '@cix/contracts';

export const LIST_STATUSES = ['open', 'closed', 'retracted', 'expired'] as const;

export class ListAlertsRequestDto {
  @IsOptional() @Matches(/^[A-Z]{2,3}-[A-Z0-9-]{2,40}$/, { message: 'unit must be a unit code' }) readonly unit?: string;
  @IsOptional() @IsIn(ALERT_KINDS) readonly kind?: string;
  @IsOptional() @IsIn(LIST_STATUSES) readonly status?: (typeof LIST_STATUSES)[number];
  @IsOptional() @Length(2, 40) readonly commodity?: string;
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? canonicalContainerNumber(value) : value))
  @Matches(/^[A-Z]{4}\d{7}$/, { message: 'container must be a container number' })
  readonly container?: string;
  @IsOptional() @IsInstant() readonly from?: string;
  @IsOptional() @IsInstant() readonly to?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) readonly limit: number = 50;
  @IsOptional() @Matches(/^\d{1,18}$/, { message: 'cursor must be the nextCursor of a previous page' }) readonly cursor?: string;
}

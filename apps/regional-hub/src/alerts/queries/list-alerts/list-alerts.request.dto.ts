import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { ALERT_KINDS, canonicalContainerNumber } from '@cix/contracts';

export class ListHubAlertsRequestDto {
  @IsOptional() @Transform(({ value }) => (typeof value === 'string' ? canonicalContainerNumber(value) : value))
  @Matches(/^[A-Z]{4}\d{7}$/, { message: 'container must be a container number' }) readonly container?: string;
  @IsOptional() @IsString() @Length(2, 200) readonly q?: string;
  @IsOptional() @Matches(/^[A-Z]{2,3}$/) readonly agency?: string;
  @IsOptional() @Matches(/^[A-Z]{2,3}-[A-Z0-9-]{2,40}$/) readonly unit?: string;
  @IsOptional() @IsIn(ALERT_KINDS) readonly kind?: string;
  @IsOptional() @IsISO8601({ strict: true }) readonly from?: string;
  @IsOptional() @IsISO8601({ strict: true }) readonly to?: string;
  @IsOptional() @Matches(/^\d{1,18}$/, { message: 'cursor must be the nextCursor of a previous page' }) readonly cursor?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) readonly limit: number = 50;
}

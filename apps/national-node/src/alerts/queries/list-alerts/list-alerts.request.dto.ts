import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

export class ListAlertsRequestDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) readonly limit: number = 50;
  @IsOptional() @Matches(/^\d{1,18}$/, { message: 'cursor must be the nextCursor of a previous page' }) readonly cursor?: string;
}

import { IsInt, IsOptional, IsString, Length, Min } from 'class-validator';

export class CloseAlertRequestDto {
  @IsInt() @Min(1) readonly expectedVersion!: number;
  @IsOptional() @IsString() @Length(1, 2000) readonly reason?: string;
}

/** A retraction is a correction: the reason is mandatory and stays in the history. */
export class RetractAlertRequestDto {
  @IsInt() @Min(1) readonly expectedVersion!: number;
  @IsString() @Length(3, 2000) readonly reason!: string;
}

export class RenewAlertRequestDto {
  @IsInt() @Min(1) readonly expectedVersion!: number;
}

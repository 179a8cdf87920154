import { IsPageCursor } from '../alerts/domain/list-cursor.js';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { IsInstant } from '@cix/contracts';

export class ReplayRequestDto {
  @IsOptional() @Matches(/^[A-Z]{2,3}$/, { message: 'agency must be an agency code' }) readonly agency?: string;
  @IsOptional() @IsUUID() readonly alert?: string;
  @IsOptional() @Matches(/^[A-Za-z]{3,60}$/, { message: 'type must be an event type' }) readonly type?: string;
  @IsOptional() @IsInstant() readonly from?: string;
  @IsOptional() @IsInstant() readonly to?: string;
}

export class AccessLogRequestDto {
  @IsOptional() @IsString() @Length(1, 200) readonly principal?: string;
  /** The reader's agency (`HUB` never reads; `CCP` for the programme's people). */
  @IsOptional() @Matches(/^[A-Z]{2,3}$/, { message: 'agency must be an agency code' }) readonly agency?: string;
  /** What was done: `alert.read`, `alert.list`, `audit.events.export`, … (see the README). */
  @IsOptional() @Matches(/^[a-z][a-z.-]{2,60}$/, { message: 'action must be an access-log action such as alert.read' }) readonly action?: string;
  @IsOptional() @IsUUID() readonly alert?: string;
  @IsOptional() @IsInstant() readonly from?: string;
  @IsOptional() @IsInstant() readonly to?: string;
  @IsPageCursor() readonly cursor?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) readonly limit: number = 100;
}

export class QuarantineRequestDto {
  @IsPageCursor() readonly cursor?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) readonly limit: number = 100;
}

export class ReportRequestDto {
  @IsOptional() @IsInstant() readonly from?: string;
  /** The end of the period, and the moment the export is taken as of; default now (a later `to` is now). */
  @IsOptional() @IsInstant() readonly to?: string;
  @IsOptional() @Matches(/^[A-Z]{2,3}$/, { message: 'agency must be an agency code' }) readonly agency?: string;
}

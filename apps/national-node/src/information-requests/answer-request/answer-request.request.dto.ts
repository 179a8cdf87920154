import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Min } from 'class-validator';
import { INFORMATION_REQUEST_DECISIONS, type InformationRequestDecision } from '@cix/contracts';

export class AnswerRequestRequestDto {
  /** Your alert the request's hit names. */
  @IsUUID() readonly alertId!: string;
  @IsIn(INFORMATION_REQUEST_DECISIONS) readonly decision!: InformationRequestDecision;
  /** The agency that asked (as the hub shows the request). */
  @IsString() @Matches(/^[A-Z]{2,3}$/) readonly requesterAgency!: string;
  /** The alert's version you last saw: an accept changes its distribution. */
  @IsInt() @Min(1) readonly expectedVersion!: number;
  @IsOptional() @IsString() @Length(1, 2000) readonly reason?: string;
}

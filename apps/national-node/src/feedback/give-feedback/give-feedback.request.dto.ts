import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Min, ValidateIf } from 'class-validator';
import { FEEDBACK_OUTCOMES, IsPastInstant, type FeedbackOutcome, IsInstant } from '@cix/contracts';

export class GiveFeedbackRequestDto {
  @IsUUID() readonly alertId!: string;
  @IsIn(FEEDBACK_OUTCOMES) readonly outcome!: FeedbackOutcome;
  /** Inspected with a seizure: your own seizure report on this node. */
  @ValidateIf((o: GiveFeedbackRequestDto) => o.outcome === 'seizure' || o.seizureReportId !== undefined)
  @IsUUID()
  readonly seizureReportId?: string;
  /** Not inspected: why (mandatory). */
  @ValidateIf((o: GiveFeedbackRequestDto) => o.outcome === 'not-inspected' || o.reason !== undefined)
  @IsString()
  @Length(3, 2000)
  readonly reason?: string;
  @IsOptional() @IsString() @Length(1, 4000) readonly notes?: string;
  @IsOptional() @IsInstant() @IsPastInstant() readonly inspectedAt?: string;
  /** Absent: the first answer. To amend it, the version last seen (the first answer is 1): a stale one is a 409. */
  @IsOptional() @IsInt() @Min(1) readonly expectedVersion?: number;
}

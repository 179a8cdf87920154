import { IsBoolean, IsInt, Min } from 'class-validator';

export class ChangeDiscoverabilityRequestDto {
  @IsInt() @Min(1) readonly expectedVersion!: number;
  /** true: another agency whose alert matches this one learns only that you hold related information, and may ask. */
  @IsBoolean() readonly discoverable!: boolean;
}

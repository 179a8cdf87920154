import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsInt, IsOptional, IsString, Length, Matches, Min } from 'class-validator';

const AGENCY_CODE = /^[A-Z]{2,3}$/;

/** C2: the owner lets named agencies see this alert's persons, with the legal basis it relies on. */
export class GrantPersonalDataRequestDto {
  @IsInt() @Min(1) readonly expectedVersion!: number;
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(50)
  @Matches(AGENCY_CODE, { each: true, message: 'each recipient must be an agency code' })
  readonly recipients!: string[];
  @IsString() @Length(1, 500) readonly legalBasis!: string;
}

/** C2: withdraws one agency's grant at once, on every path of the hub. */
export class RevokePersonalDataGrantRequestDto {
  @IsInt() @Min(1) readonly expectedVersion!: number;
  @Matches(AGENCY_CODE, { message: 'must be an agency code' }) readonly agency!: string;
  @IsOptional() @IsString() @Length(1, 2000) readonly reason?: string;
}

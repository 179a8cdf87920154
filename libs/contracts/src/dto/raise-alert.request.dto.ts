import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsObject,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { canonicalContainerNumber, UNIT_CODE } from '../validation/identifiers.js';
import { IsCountryCode, IsHsCode, IsImoFormat, IsIso6346, IsPastInstant, IsUnLocode, IsDateTime } from '../validation/decorators.js';
import { ALERT_KINDS, DISTRIBUTION_LEVELS, HANDLING_CODES, INFORMATION_ACCURACY, PARTY_ROLES, SOURCE_RELIABILITY } from '../events/alert.types.js';

const AGENCY_CODE = /^[A-Z]{2,3}$/;

/** Errors an officer may confirm and store anyway (`FieldError.confirmable`). */
export const ACKNOWLEDGEABLE_WARNINGS = ['containers.checkDigit'] as const;

export class CommodityDto {
  @IsString() @Length(2, 40) readonly category!: string;
  @IsString() @Length(1, 2000) readonly description!: string;
  @IsOptional() @IsHsCode() readonly hsCode?: string;
}

export class QuantityDto {
  @IsNumber({ allowNaN: false, allowInfinity: false }) @IsPositive() @Max(1e9) readonly value!: number;
  @IsString() @Length(1, 20) readonly unit!: string;
}

export class RouteDto {
  @IsOptional() @IsCountryCode() readonly departure?: string;
  @IsOptional() @IsArray() @ArrayMaxSize(10) @IsCountryCode({ each: true }) readonly transit?: string[];
  @IsOptional() @IsCountryCode() readonly destination?: string;
}

export class DistributionDto {
  @IsIn(DISTRIBUTION_LEVELS) readonly level!: (typeof DISTRIBUTION_LEVELS)[number];
  // An empty recipient list must mean nobody, never everybody: bilateral requires named agencies.
  @ValidateIf((o: DistributionDto) => o.level === 'bilateral' || o.recipients !== undefined)
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(50)
  @Matches(AGENCY_CODE, { each: true, message: 'each recipient must be an agency code' })
  readonly recipients?: string[];
}

export class VesselDto {
  @IsOptional() @IsString() @Length(1, 120) readonly name?: string;
  @IsOptional() @IsImoFormat() readonly imo?: string;
  @IsOptional() @IsCountryCode() readonly flag?: string;
}

export class PartyDto {
  @IsIn(PARTY_ROLES) readonly role!: (typeof PARTY_ROLES)[number];
  @IsString() @Length(1, 300) readonly name!: string;
  /** true for natural persons: their names are personal data and withheld from those not entitled. */
  @IsOptional() @IsBoolean() readonly isPerson?: boolean;
  @IsOptional() @IsCountryCode() readonly nationality?: string;
  @IsOptional() @IsString() @Length(1, 60) readonly documentNumber?: string;
}

export class RaiseAlertRequestDto {
  @IsIn(ALERT_KINDS) readonly kind!: (typeof ALERT_KINDS)[number];
  @IsString()
  @Matches(UNIT_CODE, { message: 'unit must be a unit code such as KZ-AKTAU' })
  readonly unit!: string;
  @IsDateTime() @IsPastInstant() readonly occurredAt!: string;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => CommodityDto) readonly commodity!: CommodityDto;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => QuantityDto) readonly quantity?: QuantityDto;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @Transform(({ value }: { value: unknown }) =>
    Array.isArray(value) ? (value as unknown[]).map((v) => (typeof v === 'string' ? canonicalContainerNumber(v) : v)) : value,
  )
  @IsIso6346({ each: true })
  readonly containers?: string[];
  @IsOptional() @IsObject() @ValidateNested() @Type(() => VesselDto) readonly vessel?: VesselDto;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => RouteDto) readonly route?: RouteDto;
  @IsOptional() @IsUnLocode() readonly locode?: string;
  @IsOptional() @IsString() @Length(1, 40) readonly detectionMethod?: string;
  @IsOptional() @IsString() @Length(1, 40) readonly concealmentMethod?: string;
  @IsOptional() @IsString() @Length(1, 40) readonly conveyance?: string;
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => PartyDto) readonly parties?: PartyDto[];
  @IsOptional() @IsString() @Length(1, 60) readonly billOfLading?: string;
  @IsOptional() @IsDateTime() readonly eta?: string;
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(200, { each: true }) readonly riskIndicators?: string[];
  @IsOptional() @IsString() @Length(1, 1000) readonly recommendedAction?: string;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => DistributionDto) readonly distribution!: DistributionDto;
  @IsOptional() @IsIn(HANDLING_CODES) readonly handlingCode?: (typeof HANDLING_CODES)[number];
  @IsOptional() @IsIn(SOURCE_RELIABILITY) readonly sourceReliability?: (typeof SOURCE_RELIABILITY)[number];
  @IsOptional() @IsIn(INFORMATION_ACCURACY) readonly informationAccuracy?: (typeof INFORMATION_ACCURACY)[number];
  /**
   * Whether another agency's matching alert may learn that this agency holds something related
   * (hit/no-hit; never its content). Absent: the node's `DISCOVERABLE_BY_DEFAULT`. Not part of the
   * alert's content. Only `bilateral` and `regional` alerts reach the hub, so only they can be discovered.
   */
  @IsOptional()
  // A CSV cell is text: `true`/`false` are the booleans they spell.
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  readonly discoverable?: boolean;
  /** Confirmable errors the officer confirmed (`containers.checkDigit`): stored, with a `warnings` entry. Not part of the alert. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsIn(ACKNOWLEDGEABLE_WARNINGS, { each: true })
  readonly acknowledgedWarnings?: (typeof ACKNOWLEDGEABLE_WARNINGS)[number][];
}

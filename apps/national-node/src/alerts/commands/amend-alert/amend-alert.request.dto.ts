import { OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsObject, Min, ValidateNested } from 'class-validator';
import { RaiseAlertRequestDto } from '@cix/contracts';

/** Any content field of a report; kind, unit, distribution and discoverability change through their own commands. */
export class AlertChangesDto extends PartialType(OmitType(RaiseAlertRequestDto, ['kind', 'unit', 'distribution', 'discoverable'] as const)) {}

export class AmendAlertRequestDto {
  @IsInt() @Min(1) readonly expectedVersion!: number;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => AlertChangesDto) readonly changes!: AlertChangesDto;
}

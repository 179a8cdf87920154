import { IsInt, Min } from 'class-validator';
import { DistributionDto } from '@cix/contracts';

export class ChangeDistributionRequestDto extends DistributionDto {
  @IsInt() @Min(1) readonly expectedVersion!: number;
}

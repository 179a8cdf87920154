import { IsOptional, IsUUID } from 'class-validator';

export class ListHitsRequestDto {
  /** Only the hits on this alert of yours (as requester or as owner). */
  @IsOptional() @IsUUID() readonly alertId?: string;
}

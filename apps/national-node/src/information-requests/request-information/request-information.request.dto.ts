import { IsString, IsUUID, Length } from 'class-validator';

export class RequestInformationRequestDto {
  /** The hit the hub showed you ("agency X holds related information"). */
  @IsUUID() readonly hitId!: string;
  /** What you ask the holder, and why (it reaches the holder's officers only). */
  @IsString() @Length(1, 2000) readonly message!: string;
}

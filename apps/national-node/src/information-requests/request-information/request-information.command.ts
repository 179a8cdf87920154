import type { Principal } from '@cix/auth';
import type { RequestInformationRequestDto } from './request-information.request.dto.js';

export class RequestInformationCommand {
  constructor(
    readonly request: RequestInformationRequestDto,
    readonly principal: Principal,
    readonly bearerToken: string,
  ) {}
}

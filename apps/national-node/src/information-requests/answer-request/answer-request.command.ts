import type { Principal } from '@cix/auth';
import type { AnswerRequestRequestDto } from './answer-request.request.dto.js';

export class AnswerRequestCommand {
  constructor(
    readonly requestId: string,
    readonly request: AnswerRequestRequestDto,
    readonly principal: Principal,
    readonly bearerToken: string,
  ) {}
}

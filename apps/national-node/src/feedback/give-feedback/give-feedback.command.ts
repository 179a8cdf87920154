import type { Principal } from '@cix/auth';
import type { GiveFeedbackRequestDto } from './give-feedback.request.dto.js';

export class GiveFeedbackCommand {
  constructor(
    readonly request: GiveFeedbackRequestDto,
    readonly principal: Principal,
    readonly bearerToken: string,
    readonly idempotencyKey?: string,
  ) {}
}

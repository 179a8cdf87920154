import type { Principal } from '@cix/auth';

export class AwaitingFeedbackQuery {
  constructor(readonly principal: Principal) {}
}

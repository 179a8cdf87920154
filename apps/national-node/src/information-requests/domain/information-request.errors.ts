import { DomainError, ErrorCode } from '@cix/contracts';

/** One request per hit: a second one is refused with the first one's id (409). */
export class InformationRequestAlreadySent extends DomainError {
  constructor(requestId: string) {
    super(ErrorCode.InformationRequestAlreadySent, 'information was already requested on this hit', { requestId });
  }
}

/** One answer per request: the owner cannot change its mind by answering again (409). */
export class InformationRequestAlreadyAnswered extends DomainError {
  constructor(decision: string) {
    super(ErrorCode.InformationRequestAlreadyAnswered, `this request for information was already answered (${decision})`, { decision });
  }
}

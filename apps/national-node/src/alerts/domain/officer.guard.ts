import type { Principal } from '@cix/auth';
import { DomainError, ErrorCode } from '@cix/contracts';

/** Only the node's own officers write; auditors and coordinators read. */
export function assertOfficerOf(principal: Principal, agency: string): void {
  if (principal.role !== 'officer' || principal.agency !== agency) {
    throw new DomainError(ErrorCode.Forbidden, `only ${agency} officers can do this on this node`);
  }
}

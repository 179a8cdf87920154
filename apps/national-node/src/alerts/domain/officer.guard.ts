import { DomainError, ErrorCode, type CommandActor } from '@cix/contracts';

/** Only the node's own officers write; auditors and coordinators read. */
export function assertOfficerOf(actor: Pick<CommandActor, 'role' | 'agency'>, agency: string): void {
  if (actor.role !== 'officer' || actor.agency !== agency) {
    throw new DomainError(ErrorCode.Forbidden, `only ${agency} officers can do this on this node`);
  }
}

import type { RaiseAlertRequestDto } from '../dto/raise-alert.request.dto.js';
import type { DistributionLevel } from '../events/alert.types.js';
import { PersonalDataEventType } from '../events/personal-data-erased.js';
import type { PersonalDataErased } from '../events/alert-event.js';

/** Who asks (an authenticated principal): contracts stay a leaf, so only the fields a decision reads. */
export interface CommandActor {
  readonly sub: string;
  readonly agency: string;
  readonly role: string;
  readonly unit?: string;
}

interface ChangeOf<T extends string> {
  readonly type: T;
  readonly alertId: string;
  /** The version the caller saw: a change on a stale view is refused, never merged. */
  readonly expectedVersion: number;
  readonly actor: CommandActor;
}

/** A new alert; its id is chosen by the caller of `decide`, so the decision stays pure. */
export interface RaiseAlert {
  readonly type: 'RaiseAlert';
  readonly alertId: string;
  readonly request: RaiseAlertRequestDto;
  readonly actor: CommandActor;
}
/** Content fields as sent; `null` removes an optional field. */
export type AmendAlert = ChangeOf<'AmendAlert'> & { readonly changes: Readonly<Record<string, unknown>> };
export type ChangeDistribution = ChangeOf<'ChangeDistribution'> & {
  readonly distribution: { readonly level: DistributionLevel; readonly recipients?: readonly string[] };
};
export type CloseAlert = ChangeOf<'CloseAlert'> & { readonly reason?: string };
export type RetractAlert = ChangeOf<'RetractAlert'> & { readonly reason: string };
export type RenewAlert = ChangeOf<'RenewAlert'>;
/** Lets named agencies (that can see the alert) see its persons, on a stated legal basis. */
export type GrantPersonalData = ChangeOf<'GrantPersonalData'> & { readonly recipients: readonly string[]; readonly legalBasis: string };
export type RevokePersonalDataGrant = ChangeOf<'RevokePersonalDataGrant'> & { readonly agency: string; readonly reason?: string };
/** Whether other agencies' matches may reveal that the owner holds the alert (hit/no-hit, issue 13). */
export type ChangeDiscoverability = ChangeOf<'ChangeDiscoverability'> & { readonly discoverable: boolean };
/** A lawful erasure of one person's record: the operator's act, not an officer's, so no actor. */
export interface ErasePersonalData {
  readonly type: 'ErasePersonalData';
  readonly alertId: string;
  readonly ref: string;
}

export type AlertChangeCommand =
  AmendAlert | ChangeDistribution | CloseAlert | RetractAlert | RenewAlert | GrantPersonalData | RevokePersonalDataGrant | ChangeDiscoverability;
/** What an officer asks of an alert. */
export type OfficerAlertCommand = RaiseAlert | AlertChangeCommand;
export type AlertCommand = OfficerAlertCommand | ErasePersonalData;

/**
 * A lawful erasure is owed whatever the alert's state (closed, retracted, expired): it names only
 * the record's reference, never the person.
 */
export function decideErasure(command: ErasePersonalData): [PersonalDataErased] {
  return [{ type: PersonalDataEventType.Erased, payload: { alertId: command.alertId, refs: [command.ref] } }];
}

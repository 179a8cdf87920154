export const ROLES = ['officer', 'coordinator', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** The authenticated caller, from a verified JWT. */
export interface Principal {
  readonly sub: string;
  readonly agency: string;
  readonly role: Role;
  readonly unit?: string;
}

export const PROGRAMME_AGENCY = 'CCP';

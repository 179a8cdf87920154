// Who a caller is, as every part of the platform reads it; verified tokens are turned into this by @cix/auth.
export const ROLES = ['officer', 'coordinator', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** The authenticated caller, from a verified JWT. */
export interface Principal {
  readonly sub: string;
  readonly agency: string;
  readonly role: Role;
  readonly unit?: string;
  /** When the token expires (seconds since the epoch): long-lived answers such as the live feed end then. */
  readonly exp?: number;
}

export const PROGRAMME_AGENCY = 'CCP';

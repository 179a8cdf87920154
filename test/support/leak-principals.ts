/**
 * One of every kind of reader the leak suites ask (officers of the three agencies, the programme's
 * coordinator, national and programme auditors): each suite writes its expectations per principal.
 */
export const LEAK_PRINCIPALS = {
  kzOfficer: { agency: 'KZ', role: 'officer', unit: 'KZ-AKTAU' },
  azOfficer: { agency: 'AZ', role: 'officer', unit: 'AZ-ALYAT' },
  tmOfficer: { agency: 'TM', role: 'officer', unit: 'TM-TURKMENBASHI' },
  coordinator: { agency: 'CCP', role: 'coordinator' },
  kzAuditor: { agency: 'KZ', role: 'auditor' },
  azAuditor: { agency: 'AZ', role: 'auditor' },
  ccpAuditor: { agency: 'CCP', role: 'auditor' },
} as const;

export type LeakPrincipal = keyof typeof LEAK_PRINCIPALS;

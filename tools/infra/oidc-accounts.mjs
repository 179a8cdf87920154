// The local OpenID Provider's fixed facts: its issuers, the console's client, the demo accounts.
// Kept apart from the provider so that `npm start` can print them without loading oidc-provider.
export const OIDC_AGENCIES = ['AZ', 'KZ', 'TM', 'CCP'];
export const CONSOLE_CLIENT_ID = 'cix-console';
/** The one password of every demo account (printed by `npm start`, shown on the login page). */
export const DEMO_PASSWORD = 'caspian-demo';
/** The platform's API as a resource indicator (RFC 8707); its tokens name the platform's audience. */
export const API_RESOURCE = 'urn:caspian-intel-exchange:api';

// Units of the reference data (test/oidc.e2e-spec.ts checks every unit has an officer here).
const UNITS = {
  AZ: ['AZ-ALYAT'],
  KZ: ['KZ-AKTAU', 'KZ-KURYK', 'KZ-ALTYNKOL', 'KZ-ALMATY-ACCU'],
  TM: ['TM-TURKMENBASHI'],
};

/** Demo accounts: an officer per unit and an auditor per agency; the programme's coordinator and auditor. */
export function demoAccounts() {
  const accounts = [];
  for (const [agency, units] of Object.entries(UNITS)) {
    for (const unit of units) accounts.push({ username: `${unit.toLowerCase()}-officer`, agency, role: 'officer', unit });
    accounts.push({ username: `${agency.toLowerCase()}-auditor`, agency, role: 'auditor' });
  }
  accounts.push({ username: 'ccp-coordinator', agency: 'CCP', role: 'coordinator' }, { username: 'ccp-auditor', agency: 'CCP', role: 'auditor' });
  return accounts;
}

export const OIDC_AGENCIES: string[];
export const CONSOLE_CLIENT_ID: string;
export const DEMO_PASSWORD: string;
export const API_RESOURCE: string;
export interface DemoAccount {
  username: string;
  agency: string;
  role: 'officer' | 'coordinator' | 'auditor';
  unit?: string;
}
export function demoAccounts(): DemoAccount[];

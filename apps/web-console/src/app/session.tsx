/**
 * Who is signed in, and the clients every screen uses: `hub` (the regional view, same origin) and
 * `nodeUrl` (the signed-in officer's own national node, where they post). Screens read it with
 * `useSession()`; the sign-in flow (apps/web-console/src/components/SignIn.tsx) creates it.
 */
import { createContext, useContext } from 'react';
import type { Api } from '../api';
import type { Lang, Messages } from '../i18n';

export interface Who {
  readonly agency?: string;
  readonly role?: string;
  readonly unit?: string;
  readonly sub?: string;
}

export interface Session {
  readonly token: string;
  readonly who: Who;
  readonly hub: Api;
  /** The base URL of the caller's own agency's node (from `/api/console/config`), when it has one. */
  readonly nodeUrl?: string;
  readonly lang: Lang;
  /** The console's shared labels; each area keeps its own in `src/<area>/locales`. */
  readonly m: Messages;
  /** The token expired or was refused: back to sign-in, never stale figures. */
  readonly onUnauthorized: () => void;
  readonly signOut: () => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in console');
  return s;
}

/** The console's public configuration, served by the hub before anyone signs in. */
export interface ConsoleConfig {
  readonly nodes: Record<string, string>;
  /** Where each agency's people sign in (OpenID Connect); absent until loaded. */
  readonly issuers?: ReadonlyArray<{ readonly agency: string; readonly issuer: string; readonly clientId: string }>;
}

export async function loadConsoleConfig(): Promise<ConsoleConfig> {
  const res = await fetch('/api/console/config');
  return res.ok ? ((await res.json()) as ConsoleConfig) : { nodes: {}, issuers: [] };
}

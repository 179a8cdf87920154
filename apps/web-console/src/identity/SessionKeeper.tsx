import { useEffect, useState } from 'react';
import type { Lang } from '../i18n';
import { useMessages } from './messages';
import { canRenew, claimsOf, renew } from './oidc';
import './identity.css';

/** Renewal starts this long before expiry: a quarter of the token's life, between 10 s and 2 min. */
export const renewalLead = (lifetimeSeconds: number): number => Math.min(120, Math.max(10, lifetimeSeconds / 4));

// The end as a time of day: a constant text, so screen readers announce the warning once, not every second.
const at = (exp: number, lang: Lang) => new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(new Date(exp * 1000));

/**
 * Watches the session's expiry: warns ahead, renews with the refresh token without touching the
 * screen (the new token reaches the same mounted page, so a half-filled form survives), and ends
 * the session at expiry (back to sign-in with a message, never stale figures).
 */
export function SessionKeeper(props: { token: string; lang: Lang; onRenewed: (token: string) => void; onExpired: () => void; onSignInAgain: () => void }) {
  const t = useMessages(props.lang);
  const { exp = 0, iat = exp } = claimsOf(props.token);
  const lead = renewalLead(exp - iat);
  // null until the first tick: a token that is already expired still shows who it was for a moment
  // (and the screen's own 401 handling may come first) before the session ends.
  const [now, setNow] = useState<number | null>(null);
  const [state, setState] = useState<'idle' | 'renewing' | 'renewed' | 'failed'>('idle');
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now() / 1000), 1000);
    return () => clearInterval(id);
  }, []);
  const left = exp - (now ?? Date.now() / 1000);
  const expired = now !== null && left <= 0;
  const due = left <= lead;
  const { onExpired, onRenewed } = props;
  useEffect(() => {
    if (expired) onExpired();
  }, [expired, onExpired]);
  const attempt = () => {
    setState('renewing');
    renew().then(
      (token) => {
        setState('renewed');
        onRenewed(token);
      },
      () => setState('failed'),
    );
  };
  useEffect(() => {
    if (due && !expired && state === 'idle' && canRenew()) attempt();
    // one attempt per due window (state leaves 'idle'), not one per render
  }, [due, expired, state]);
  useEffect(() => {
    if (state !== 'renewed') return;
    const id = setTimeout(() => setState('idle'), 4000);
    return () => clearTimeout(id);
  }, [state]);
  if (state === 'renewed')
    return (
      <p className="notice session-expiry" role="status" data-testid="session-renewed">
        {t.renewed}
      </p>
    );
  if (!due || expired) return null;
  const renewable = canRenew();
  return (
    <div className="notice session-expiry" role="status" data-testid="session-expiry">
      {t.expiresIn.replace('{time}', at(exp, props.lang))}{' '}
      {state === 'renewing' ? t.renewing : state === 'failed' ? t.renewFailed : renewable ? t.renewing : t.cannotRenew}
      {state === 'failed' && (
        <button type="button" onClick={attempt}>
          {t.tryRenew}
        </button>
      )}
      {(state === 'failed' || !renewable) && (
        <button type="button" onClick={props.onSignInAgain}>
          {t.signInAgain}
        </button>
      )}
    </div>
  );
}

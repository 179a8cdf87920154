import { useEffect, useState } from 'react';
import { SignIn } from '../components/SignIn';
import type { Lang, Messages } from '../i18n';
import { useMessages } from './messages';
import { beginSignIn, forgetProviderSession, SignInError, type IssuerChoice } from './oidc';
import './identity.css';

export type SignInNotice = 'signedOut' | SignInError['code'] | undefined;

/**
 * Sign-in: the person picks their agency and signs in at its identity provider. The developer
 * sign-in (a pasted token, or the local stack's demo users) stays behind a disclosure for scripts,
 * tests and deployments without a provider (then it is open).
 */
export function SignInPage(props: {
  lang: Lang;
  m: Messages;
  issuers: readonly IssuerChoice[] | undefined;
  notice: SignInNotice;
  completing: boolean;
  onToken: (t: string) => void;
}) {
  const t = useMessages(props.lang);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<SignInError['code'] | undefined>();
  const notice = failed ?? props.notice;
  useEffect(() => {
    // Back from the provider with the browser's back button: the page comes from the cache, still "busy".
    const restored = (e: PageTransitionEvent) => e.persisted && setBusy(false);
    window.addEventListener('pageshow', restored);
    return () => window.removeEventListener('pageshow', restored);
  }, []);
  const go = (choice: IssuerChoice) => {
    setBusy(true);
    setFailed(undefined);
    beginSignIn(choice, props.lang).catch((e: unknown) => {
      setBusy(false);
      setFailed(e instanceof SignInError ? e.code : 'unavailable');
    });
  };
  if (props.completing)
    return (
      <p className="notice" role="status" data-testid="signing-in">
        {t.completing}
      </p>
    );
  return (
    <section className="card signin-page" aria-labelledby="choose-agency" data-testid="sign-in-page">
      <h2 id="choose-agency">{t.chooseAgency}</h2>
      {notice === 'signedOut' ? (
        <p className="notice" role="status" data-testid="signed-out">
          {t.signedOut}
        </p>
      ) : (
        notice && (
          <p className="notice error" role="alert" data-testid="sign-in-error">
            {t.errors[notice]}
          </p>
        )
      )}
      {props.issuers === undefined ? null : props.issuers.length ? (
        <>
          <p>{t.chooseAgencyHelp}</p>
          <ul className="agency-choices">
            {props.issuers.map((i) => (
              <li key={i.agency}>
                <button type="button" data-testid={`sign-in-${i.agency}`} disabled={busy} onClick={() => go(i)}>
                  <strong>{i.agency}</strong> <span>{(t.agencies as Record<string, string>)[i.agency] ?? i.issuer}</span>
                </button>
              </li>
            ))}
          </ul>
          {busy && <p role="status">{t.redirecting}</p>}
        </>
      ) : (
        <p>{t.noProviders}</p>
      )}
      {props.issuers !== undefined && (
        <details className="developer" open={!props.issuers.length} data-testid="developer-sign-in">
          <summary>{t.developer}</summary>
          <SignIn
            m={props.m}
            onToken={(token) => {
              forgetProviderSession();
              props.onToken(token);
            }}
          />
        </details>
      )}
    </section>
  );
}

import { useCallback, useEffect, useMemo, useState } from 'react';
import { Api, claims } from './api';
import { PAGES, type Role } from './app/pages';
import { href, matchPath, navigate, useRoute } from './app/router';
import { loadConsoleConfig, SessionContext, type ConsoleConfig, type Session } from './app/session';
import { fill, label, messages, type Lang } from './i18n';
import { completeSignIn, consumeSignedOut, endSession, isCallback, SignInError } from './identity/oidc';
import { SessionKeeper } from './identity/SessionKeeper';
import { SignInPage, type SignInNotice } from './identity/SignInPage';
import { clearDraft, forgetDeliveredWork, ownerOf, waitingCount } from './post';

/** The hash is the router's: the skip link moves focus instead of following `#main`. */
function skipToMain(e: { preventDefault(): void }) {
  e.preventDefault();
  document.getElementById('main')?.focus();
}

function storedLang(): Lang {
  return localStorage.getItem('cix.lang') === 'ru' ? 'ru' : 'en';
}

export function App() {
  const [lang, setLang] = useState<Lang>(storedLang);
  const [token, setToken] = useState<string>(() => sessionStorage.getItem('cix.token') ?? '');
  // Kept across a reload: whoever reloads after the session ended still learns why they are at sign-in.
  const [ended, setEnded] = useState(() => sessionStorage.getItem('cix.session-ended') === '1');
  const [notice, setNotice] = useState<SignInNotice>(() => (consumeSignedOut() ? 'signedOut' : undefined));
  const [completing, setCompleting] = useState(isCallback);
  const [config, setConfig] = useState<ConsoleConfig>({ nodes: {} });
  const route = useRoute();
  const m = messages(lang);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = m.title;
  }, [lang]);
  useEffect(() => {
    loadConsoleConfig().then(
      (c) => setConfig({ ...c, issuers: c.issuers ?? [] }),
      () => setConfig({ nodes: {}, issuers: [] }),
    );
  }, []);
  useEffect(() => {
    // Back from the provider with a code: exchange it (once; a reload finds the query already gone).
    if (!completing) return;
    completeSignIn().then(
      (t) => {
        setCompleting(false);
        signIn(t);
      },
      (e: unknown) => {
        setCompleting(false);
        setNotice(e instanceof SignInError ? e.code : 'exchange');
      },
    );
  }, []); // once, at load
  const forget = useCallback(() => {
    endSession(lang);
    setToken('');
  }, [lang]);
  // Signing out ends the provider's session too, so the next sign-in asks for the password again.
  const signOut = () => {
    const owner = ownerOf(claims(token));
    if (waitingCount(owner) > 0 && !window.confirm(fill(m.signOutWithQueued, { n: String(waitingCount(owner)) }))) return;
    clearDraft(owner);
    forgetDeliveredWork(owner);
    const provider = endSession(lang);
    setToken('');
    if (provider) location.assign(provider);
  };
  const expired = useCallback(() => {
    forget();
    sessionStorage.setItem('cix.session-ended', '1');
    setEnded(true);
  }, [forget]);
  const session = useMemo<Session | null>(() => {
    if (!token) return null;
    const onUnauthorized = expired;
    const who = claims(token);
    return { token, who, hub: new Api(token, onUnauthorized), nodeUrl: who.agency ? config.nodes[who.agency] : undefined, lang, m, onUnauthorized, signOut };
  }, [token, lang, config]);
  const switchLang = () => {
    const next = lang === 'en' ? 'ru' : 'en';
    localStorage.setItem('cix.lang', next);
    setLang(next);
  };
  function signIn(t: string) {
    sessionStorage.setItem('cix.token', t);
    sessionStorage.removeItem('cix.session-ended');
    setEnded(false);
    setNotice(undefined);
    setToken(t);
  }
  const role = session?.who.role as Role | undefined;
  const mine = PAGES.filter((p) => role && p.roles.includes(role));
  const page = PAGES.map((p) => ({ p, params: matchPath(p.path, route.path) })).find((x) => x.params && role && x.p.roles.includes(role));
  useEffect(() => {
    if (session && !page && mine.length) navigate(mine[0].path);
  }, [session, page, mine]);
  return (
    <>
      <a className="skip" href="#main" onClick={skipToMain}>
        {m.skipToContent}
      </a>
      <header>
        <div>
          <h1 data-testid="app-title">{m.title}</h1>
          <p className="subtitle">{m.subtitle}</p>
        </div>
        <div className="actions">
          {session && (
            <span className="who" data-testid="who">
              {m.signedInAs}: {session.who.agency} · {label(m, 'roles', session.who.role)}
              {session.who.unit ? ` · ${session.who.unit}` : ''}
            </span>
          )}
          {session && (
            <button data-testid="sign-out" onClick={signOut}>
              {m.signOut}
            </button>
          )}
          <button data-testid="lang" onClick={switchLang} lang={lang === 'en' ? 'ru' : 'en'}>
            {m.language}
          </button>
        </div>
      </header>
      {session && mine.some((p) => p.nav) && (
        <nav aria-label={m.navigation} data-testid="nav">
          {mine
            .filter((p) => p.nav)
            .map((p) => (
              <a key={p.path} href={href(p.path)} aria-current={page?.p === p ? 'page' : undefined}>
                {p.nav![lang]}
              </a>
            ))}
        </nav>
      )}
      <main id="main" tabIndex={-1}>
        {session && <SessionKeeper token={token} lang={lang} onRenewed={setToken} onExpired={expired} onSignInAgain={signOut} />}
        {ended && !session && (
          <p className="notice" role="status" data-testid="session-ended">
            {m.sessionEnded}
          </p>
        )}
        {session ? (
          <SessionContext.Provider value={session}>{page ? page.p.render(page.params!) : null}</SessionContext.Provider>
        ) : (
          <SignInPage lang={lang} m={m} issuers={config.issuers} notice={notice} completing={completing} onToken={signIn} />
        )}
      </main>
    </>
  );
}

import { useMemo, useState } from 'react';
import { Api, claims } from './api';
import { Dashboard } from './components/Dashboard';
import { SignIn } from './components/SignIn';
import { messages, type Lang } from './i18n';

export function App() {
  const [lang, setLang] = useState<Lang>(() => (localStorage.getItem('cix.lang') as Lang) ?? 'en');
  const [token, setToken] = useState<string>(() => sessionStorage.getItem('cix.token') ?? '');
  const [ended, setEnded] = useState(false);
  const m = messages(lang);
  const signOut = () => {
    sessionStorage.removeItem('cix.token');
    setToken('');
  };
  const api = useMemo(
    () =>
      token
        ? new Api(token, () => {
            signOut();
            setEnded(true);
          })
        : null,
    [token],
  );
  const who = token ? claims(token) : {};
  const switchLang = () => {
    const next = lang === 'en' ? 'ru' : 'en';
    localStorage.setItem('cix.lang', next);
    setLang(next);
    document.documentElement.lang = next;
  };
  const signIn = (t: string) => {
    sessionStorage.setItem('cix.token', t);
    setEnded(false);
    setToken(t);
  };
  return (
    <main>
      <header>
        <div>
          <h1 data-testid="app-title">{m.title}</h1>
          <p className="subtitle">{m.subtitle}</p>
        </div>
        <div className="actions">
          {token && (
            <span className="who" data-testid="who">
              {m.signedInAs}: {who.agency} · {who.role}
              {who.unit ? ` · ${who.unit}` : ''}
            </span>
          )}
          {token && (
            <button data-testid="sign-out" onClick={signOut}>
              {m.signOut}
            </button>
          )}
          <button data-testid="lang" onClick={switchLang}>
            {m.language}
          </button>
        </div>
      </header>
      {ended && !api && (
        <p className="notice" role="status" data-testid="session-ended">
          {m.sessionEnded}
        </p>
      )}
      {api ? <Dashboard api={api} m={m} /> : <SignIn m={m} onToken={signIn} />}
    </main>
  );
}

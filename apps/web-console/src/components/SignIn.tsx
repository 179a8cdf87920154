import { useEffect, useState } from 'react';
import { demoUsers } from '../api';
import type { Messages } from '../i18n';

export function SignIn(props: { m: Messages; onToken: (t: string) => void }) {
  const [token, setToken] = useState('');
  const [demo, setDemo] = useState<Array<{ label: string; token: string }>>([]);
  useEffect(() => {
    demoUsers().then(setDemo, () => setDemo([]));
  }, []);
  return (
    <section className="card signin">
      <h2>{props.m.signIn}</h2>
      <p>{props.m.signInHelp}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (token.trim()) props.onToken(token.trim());
        }}
      >
        <textarea data-testid="token" placeholder={props.m.tokenPlaceholder} value={token} onChange={(e) => setToken(e.target.value)} rows={3} />
        <button type="submit" data-testid="sign-in">
          {props.m.signIn}
        </button>
      </form>
      {demo.length > 0 && (
        <>
          <h3>{props.m.demoUsers}</h3>
          <div className="demo">
            {demo.map((d) => (
              <button key={d.label} onClick={() => props.onToken(d.token)}>
                {d.label}
              </button>
            ))}
          </div>
        </>
      )}
    </section>
  );
}

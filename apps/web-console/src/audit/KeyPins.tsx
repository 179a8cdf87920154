import { useEffect, useState } from 'react';
import { useSession } from '../app/session';
import { useAuditApi } from './audit-api';
import { fill, formatTime, useMessages } from './messages';
import { ScrollBox } from './ScrollBox';
import { pinState, type Pin } from './pins';
import { pemToSpki, spkiFingerprint, webCryptoIntegrity, type PublicKeySpki } from './verifier';

type Candidate = PublicKeySpki & { fingerprint: string };

/** The auditor's pinned keys, the hub's offered ones (pinned only on explicit confirmation) and a hand-made pin. */
export function KeyPins({ pins, pin, unpin }: { pins: Pin[]; pin: (k: Candidate) => void; unpin: (k: Pin) => void }) {
  const t = useMessages();
  const { lang } = useSession();
  const api = useAuditApi();
  const [offered, setOffered] = useState<Candidate[] | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  useEffect(() => {
    // The hub's claimed fingerprint is not used: the one shown is computed here from the key itself.
    api.keys().then(
      async (r) =>
        setOffered(
          await Promise.all(r.keys.map(async (k) => ({ agency: k.agency, keyId: k.keyId, spki: k.spki, fingerprint: await spkiFingerprint(k.spki) }))),
        ),
      () => setOffered(null),
    );
  }, [api]);
  const id = (k: { agency: string; keyId: string }) => `${k.agency}:${k.keyId}`;
  const changed = (offered ?? []).filter((k) => pinState(pins, k) === 'changed');
  return (
    <section className="card" aria-labelledby="pins-title">
      <h2 id="pins-title">{t.pinsTitle}</h2>
      <p className="hint">{t.pinsIntro}</p>
      {changed.map((k) => (
        <p key={id(k)} className="key-changed" role="alert" data-testid="key-changed">
          ⚠ {fill(t.keyChanged, { key: id(k) })} <code className="fingerprint">{k.fingerprint}</code>
        </p>
      ))}
      {pins.length === 0 ? (
        <p data-testid="no-pins">{t.noPins}</p>
      ) : (
        <ScrollBox label={t.pinsTitle}>
          <table data-testid="pins">
            <thead>
              <tr>
                <th scope="col">{t.key}</th>
                <th scope="col">{t.fingerprint}</th>
                <th scope="col">{t.pinnedAt}</th>
                <th scope="col">
                  <span className="visually-hidden">{t.unpin}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {pins.map((p) => (
                <tr key={id(p)}>
                  <td>{id(p)}</td>
                  <td>
                    <code className="fingerprint">{p.fingerprint}</code>
                  </td>
                  <td>{formatTime(lang, p.pinnedAt)}</td>
                  <td>
                    <button onClick={() => unpin(p)} aria-label={`${t.unpin} ${id(p)}`}>
                      {t.unpin}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
      <h3>{t.offeredTitle}</h3>
      {offered === null ? (
        <p className="hint" data-testid="offered-unavailable">
          {t.offeredUnavailable}
        </p>
      ) : (
        <>
          <p className="hint">{t.offeredIntro}</p>
          <ul className="offered" data-testid="offered-keys">
            {offered.map((k) => {
              const state = pinState(pins, k);
              return (
                <li key={id(k)} data-key={id(k)} data-state={state}>
                  <span>{id(k)}</span> <code className="fingerprint">{k.fingerprint}</code>{' '}
                  {state === 'pinned' ? (
                    <span className="ok">✓ {t.pinned}</span>
                  ) : confirming === id(k) ? (
                    <>
                      <button onClick={() => (pin(k), setConfirming(null))}>{state === 'changed' ? t.confirmReplace : t.confirmPin}</button>
                      <button onClick={() => setConfirming(null)}>{t.cancel}</button>
                    </>
                  ) : (
                    <button onClick={() => setConfirming(id(k))} aria-label={`${state === 'changed' ? t.replacePin : t.pin} ${id(k)}`}>
                      {state === 'changed' ? t.replacePin : t.pin}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
      <ManualPin pin={pin} />
    </section>
  );
}

function ManualPin({ pin }: { pin: (k: Candidate) => void }) {
  const t = useMessages();
  const [agency, setAgency] = useState('');
  const [keyId, setKeyId] = useState('');
  const [text, setText] = useState('');
  const [candidate, setCandidate] = useState<Candidate | null>(null);
  const [error, setError] = useState('');
  const check = () => {
    setError('');
    const k = { agency: agency.trim().toUpperCase(), keyId: keyId.trim(), spki: pemToSpki(text) };
    // Imported once here so that only an Ed25519 public key can be pinned.
    webCryptoIntegrity([k]).then(
      async () => setCandidate({ ...k, fingerprint: await spkiFingerprint(k.spki) }),
      () => setError(t.badKey),
    );
  };
  return (
    <details className="manual-pin">
      <summary>{t.addKeyTitle}</summary>
      <div className="audit-form">
        <label>
          {t.agency}
          <input data-testid="pin-agency" value={agency} onChange={(e) => (setAgency(e.target.value), setCandidate(null))} maxLength={3} />
        </label>
        <label>
          {t.keyId}
          <input data-testid="pin-key-id" value={keyId} onChange={(e) => (setKeyId(e.target.value), setCandidate(null))} maxLength={100} />
        </label>
        <label className="wide-field">
          {t.publicKey}
          <textarea data-testid="pin-key" rows={4} value={text} onChange={(e) => (setText(e.target.value), setCandidate(null))} />
        </label>
        <button data-testid="pin-check" onClick={check} disabled={!agency.trim() || !keyId.trim() || !text.trim()}>
          {t.checkKey}
        </button>
      </div>
      {error && <p className="error">{error}</p>}
      {candidate && (
        <p>
          {candidate.agency}:{candidate.keyId}{' '}
          <code className="fingerprint" data-testid="pin-fingerprint">
            {candidate.fingerprint}
          </code>{' '}
          <button data-testid="pin-confirm" onClick={() => (pin(candidate), setCandidate(null), setText(''))}>
            {t.confirmPin}
          </button>
        </p>
      )}
    </details>
  );
}

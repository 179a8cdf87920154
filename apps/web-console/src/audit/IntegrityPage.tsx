import { useState } from 'react';
import { useRoute } from '../app/router';
import { useSession } from '../app/session';
import { saveBlob } from '../app/download';
import { useAuditApi } from './audit-api';
import { KeyPins } from './KeyPins';
import { useMessages } from './messages';
import { usePins } from './pins';
import { useVerification } from './useVerification';
import { ProgressView, VerdictView } from './VerdictView';

/** The auditor's own integrity check: download (or choose) an export, verify it here against pinned keys. */
export function IntegrityPage() {
  const t = useMessages();
  const { who } = useSession();
  const api = useAuditApi();
  const { query } = useRoute();
  const { pins, pin, unpin } = usePins(`${who.agency ?? '?'}.${who.sub ?? '?'}`);
  const v = useVerification(pins);
  // Every event is signed: with no key pinned a run could only end "broken", which would alarm for nothing.
  const noPins = pins.length === 0;
  const [agency, setAgency] = useState(query.get('agency') ?? '');
  const [alert, setAlert] = useState(query.get('alert') ?? '');
  const [saved, setSaved] = useState<Blob | null>(null);

  const download = () =>
    void v.run(async () => {
      setSaved(null);
      const res = await api.events({ agency: agency.trim().toUpperCase() || undefined, alert: alert.trim() || undefined });
      // One copy is verified as it arrives, the other kept so the auditor can file exactly what was verified.
      const [verify, keep] = res.body!.tee();
      void new Response(keep).blob().then(setSaved);
      return { body: verify };
    });
  const verifyFile = (file: File | undefined) => {
    if (!file) return;
    setSaved(null);
    void v.run(async () => ({ body: file.stream(), total: file.size }));
  };

  return (
    <>
      <section className="card">
        <h2>{t.integrityTitle}</h2>
        <p className="hint">{t.integrityIntro}</p>
      </section>
      <KeyPins pins={pins} pin={pin} unpin={unpin} />
      <section className="card" aria-labelledby="download-title">
        <h2 id="download-title">{t.downloadTitle}</h2>
        <p className="hint">{t.downloadIntro}</p>
        <div className="audit-form">
          <label>
            {t.filterAgency}
            <input data-testid="verify-agency" value={agency} maxLength={3} onChange={(e) => setAgency(e.target.value)} />
          </label>
          <label>
            {t.filterAlert}
            <input data-testid="verify-alert" value={alert} maxLength={36} onChange={(e) => setAlert(e.target.value)} />
          </label>
          <button data-testid="download-verify" onClick={download} disabled={v.running || noPins} aria-describedby={noPins ? 'pin-first' : undefined}>
            {t.downloadVerify}
          </button>
        </div>
        {noPins && (
          <p className="hint" id="pin-first" data-testid="pin-first">
            {t.pinFirst}
          </p>
        )}
      </section>
      <section className="card" aria-labelledby="file-title">
        <h2 id="file-title">{t.fileTitle}</h2>
        <p className="hint">{t.fileIntro}</p>
        <label>
          {t.chooseFile}{' '}
          <input
            type="file"
            data-testid="verify-file"
            accept=".ndjson,.jsonl,.json,.txt,application/x-ndjson"
            disabled={v.running || noPins}
            aria-describedby={noPins ? 'pin-first' : undefined}
            onChange={(e) => verifyFile(e.target.files?.[0])}
          />
        </label>
      </section>
      <ProgressView progress={v.progress} running={v.running} />
      {v.error && (
        <p className="error" role="alert">
          {t.error}: {v.error}
        </p>
      )}
      {v.verdict && <VerdictView verdict={v.verdict} />}
      {v.verdict && saved && (
        <button data-testid="save-export" onClick={() => saveBlob(saved, `cix-export-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.ndjson`)}>
          {t.download}
        </button>
      )}
    </>
  );
}

import { useState } from 'react';
import { useSession } from '../app/session';
import { saveBlob } from '../app/download';
import { useAuditApi } from './audit-api';
import { fill, useMessages } from './messages';
import { usePins } from './pins';
import { useVerification } from './useVerification';
import { ProgressView, VerdictView } from './VerdictView';

/** The audit report (PDF) for a period and scope, and the export it describes, verified here. */
export function ReportPage() {
  const t = useMessages();
  const { who } = useSession();
  const api = useAuditApi();
  const { pins } = usePins(`${who.agency ?? '?'}.${who.sub ?? '?'}`);
  const v = useVerification(pins);
  const today = new Date().toISOString().slice(0, 10);
  const [range, setRange] = useState({ from: `${today.slice(0, 4)}-01-01`, to: today, agency: '' });
  const [saved, setSaved] = useState('');
  const [error, setError] = useState('');
  const q = () => ({
    from: new Date(`${range.from}T00:00:00Z`).toISOString(),
    to: new Date(new Date(`${range.to}T00:00:00Z`).getTime() + 86_400_000).toISOString(),
    agency: range.agency.trim().toUpperCase() || undefined,
  });
  const name = (ext: string) => `cix-audit-report-${range.agency.trim().toUpperCase() || who.agency}-${range.from}-${range.to}.${ext}`;
  const get = (what: 'report' | 'reportExport', ext: string) => {
    setError('');
    api[what](q())
      .then((r) => r.blob())
      .then(
        (b) => {
          saveBlob(b, name(ext));
          setSaved(name(ext));
        },
        (e: Error) => setError(e.message),
      );
  };
  return (
    <>
      <section className="card">
        <h2>{t.reportTitle}</h2>
        <p className="hint">{t.reportIntro}</p>
        <div className="audit-form">
          <label>
            {t.from}
            <input type="date" data-testid="report-from" value={range.from} onChange={(e) => setRange({ ...range, from: e.target.value })} />
          </label>
          <label>
            {t.to}
            <input type="date" data-testid="report-to" value={range.to} onChange={(e) => setRange({ ...range, to: e.target.value })} />
          </label>
          <label>
            {t.filterAgency}
            <input data-testid="report-agency" value={range.agency} maxLength={3} onChange={(e) => setRange({ ...range, agency: e.target.value })} />
          </label>
        </div>
        <div className="audit-form">
          <button data-testid="report-pdf" onClick={() => get('report', 'pdf')}>
            {t.downloadPdf}
          </button>
          <button onClick={() => get('reportExport', 'ndjson')}>{t.downloadExport}</button>
          <button data-testid="report-verify" disabled={v.running} onClick={() => void v.run(async () => ({ body: (await api.reportExport(q())).body! }))}>
            {t.verifyExport}
          </button>
        </div>
        {saved && <p role="status">{fill(t.reportReady, { file: saved })}</p>}
      </section>
      {(error || v.error) && (
        <p className="error" role="alert">
          {t.error}: {error || v.error}
        </p>
      )}
      <ProgressView progress={v.progress} running={v.running} />
      {v.verdict && <VerdictView verdict={v.verdict} />}
    </>
  );
}

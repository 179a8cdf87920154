import type { Progress, StreamVerdict } from './verifier';
import { fill, formatNumber, formatTime, useMessages } from './messages';
import { useSession } from '../app/session';

export function ProgressView({ progress, running }: { progress: Progress | null; running: boolean }) {
  const t = useMessages();
  const { lang } = useSession();
  if (!progress) return null;
  // Events against the announced count when the export has one, else bytes against the file's size.
  const [value, max] = progress.expected ? [progress.events, progress.expected] : progress.total ? [progress.bytes, progress.total] : [undefined, undefined];
  return (
    <div className="audit-progress" data-testid="verify-progress">
      <progress aria-label={t.progress} max={max ?? 1} value={running ? value : (max ?? 1)} />
      <span role="status">
        {running ? `${t.verifying} ` : ''}
        {fill(t.eventsVerified, { n: formatNumber(lang, progress.events) })}
      </span>
    </div>
  );
}

/** The verdict as `cix verify` states it: intact, or the first broken line, event and reason. */
export function VerdictView({ verdict }: { verdict: StreamVerdict }) {
  const t = useMessages();
  const { lang } = useSession();
  const b = verdict.broken;
  const reasonText = (r: string) => (t.reasons as Record<string, string>)[r] ?? r;
  return (
    <section
      className={`card verdict ${verdict.intact ? 'intact' : 'broken'}`}
      data-testid="verdict"
      data-intact={String(verdict.intact)}
      data-reason={b?.reason}
      data-line={b?.line}
      aria-live="polite"
    >
      {verdict.intact ? (
        <p className="verdict-head">
          ✓{' '}
          {fill(t.intact, {
            n: formatNumber(lang, verdict.verified),
            agencies: Object.entries(verdict.perAgency)
              .map(([a, n]) => `${a} ${formatNumber(lang, n)}`)
              .join(', '),
          })}
        </p>
      ) : (
        <>
          <p className="verdict-head" role="alert">
            ✗ {fill(t.broken, { line: b!.line, reason: b!.reason })} — {reasonText(b!.reason)}
          </p>
          <dl className="audit-facts" data-testid="broken-event">
            <dt>{t.brokenEvent}</dt>
            <dd>
              {b!.agency ?? '—'}
              {b!.position !== undefined ? ` · ${t.position} ${b!.position}` : ''}
              {b!.eventId ? ` · ${b!.eventId}` : ''}
            </dd>
            {b!.detail && (
              <>
                <dt>{t.reason}</dt>
                <dd>{b!.detail}</dd>
              </>
            )}
          </dl>
          <p>{fill(t.verifiedBefore, { n: formatNumber(lang, verdict.verified) })}</p>
        </>
      )}
      {verdict.intact && !verdict.complete && <p>{t.filtered}</p>}
      {verdict.exporter && (
        <p>{fill(t.exporter, { agency: verdict.exporter.agency, keyId: verdict.exporter.keyId, at: formatTime(lang, verdict.exporter.exportedAt) })}</p>
      )}
      {verdict.checkpoints.length > 0 && (
        <>
          <h3>{t.checkpoints}</h3>
          <ul>
            {verdict.checkpoints.map((c) => (
              <li key={c.agency}>
                {c.agency} · {t.position} {c.position}
                {c.time ? ` · ${formatTime(lang, c.time)}` : ''} · {t.key} {c.keyId}
                {c.over === 'event' ? ` · ${c.attested ? t.attested : t.notAttested}` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
      {verdict.trustedKeys.length > 0 && (
        <>
          <h3>{t.keysUsed}</h3>
          <ul data-testid="keys-used">
            {verdict.trustedKeys.map((k) => (
              <li key={`${k.agency}/${k.keyId}`}>
                {k.agency}:{k.keyId} <code className="fingerprint">sha256:{k.fingerprint}</code>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

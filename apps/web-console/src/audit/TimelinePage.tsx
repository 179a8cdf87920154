import { useEffect, useState } from 'react';
import { href, navigate } from '../app/router';
import { useSession } from '../app/session';
import { useAuditApi, type Exposure, type TimelineEntry } from './audit-api';
import { actionLabel, fill, formatTime, useMessages } from './messages';
import { ScrollBox } from './ScrollBox';
import { AlertPicker } from './AlertPicker';
import { fieldLabel, raw, showValue, type ReferenceLabels, type ValueContext } from './timeline-values';

/** `{a: {b: 1}}` → `[['a.b', 1]]`: a change is read field by field. */
function flatten(v: unknown, prefix = ''): Array<[string, unknown]> {
  if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length)
    return Object.entries(v as Record<string, unknown>).flatMap(([k, x]) => flatten(x, prefix ? `${prefix}.${k}` : k));
  return [[prefix || '—', v]];
}

function Diff({ entry, values }: { entry: TimelineEntry; values: ValueContext }) {
  const t = useMessages();
  const before = new Map(flatten(entry.before ?? {}).filter(([k]) => k !== '—'));
  const after = new Map(flatten(entry.after ?? {}).filter(([k]) => k !== '—'));
  // A changed object is shown by the leaves that changed (a quantity's value, not its unchanged unit).
  const fields = [...new Set([...before.keys(), ...after.keys()])].filter((f) => raw(before.get(f)) !== raw(after.get(f)));
  if (!fields.length) return null;
  return (
    <ScrollBox label={`${t.before} → ${t.after}`}>
      <table className="diff" data-testid="diff">
        <thead>
          <tr>
            <th scope="col">{t.field}</th>
            <th scope="col">{t.before}</th>
            <th scope="col">{t.after}</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((f) => (
            <tr key={f}>
              <th scope="row">
                {fieldLabel(t, f)} <small className="raw">{f}</small>
              </th>
              <td className="before" title={raw(before.get(f))}>
                {showValue(f, before.get(f), values)}
              </td>
              <td className="after" title={raw(after.get(f))}>
                {showValue(f, after.get(f), values)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}

function Entry({ e, values }: { e: TimelineEntry; values: ValueContext }) {
  const t = useMessages();
  const { lang } = useSession();
  const actor = typeof e.actor === 'object' ? e.actor : { sub: e.actor, unit: e.unit, agency: e.agency };
  const hasDiff = e.before !== undefined || e.after !== undefined;
  return (
    <li className="card timeline-entry" data-testid="timeline-entry" data-type={e.type}>
      <h3>
        {(t.eventTypes as Record<string, string>)[e.type] ?? e.type}
        {e.version ? ` · ${t.version} ${e.version}` : ''} <code className="event-type">{e.type}</code>
      </h3>
      <dl className="audit-facts">
        <dt>{t.actor}</dt>
        <dd>{[actor.sub, actor.unit, actor.agency].filter(Boolean).join(' · ')}</dd>
        <dt>{t.recordedAt}</dt>
        <dd>{formatTime(lang, e.recordedAt ?? e.at)}</dd>
        {e.receivedAt && (
          <>
            <dt>{t.receivedAt}</dt>
            <dd>{formatTime(lang, e.receivedAt)}</dd>
          </>
        )}
        {!!e.gained?.length && (
          <>
            <dt>{t.gained}</dt>
            <dd data-testid="gained">{e.gained.join(', ')}</dd>
          </>
        )}
        {!!e.lost?.length && (
          <>
            <dt>{t.lost}</dt>
            <dd data-testid="lost">{e.lost.join(', ')}</dd>
          </>
        )}
      </dl>
      {hasDiff ? (
        <Diff entry={e} values={values} />
      ) : (
        e.payload !== undefined && (
          <details>
            <summary>{t.content}</summary>
            <pre className="payload">{JSON.stringify(e.payload, null, 2)}</pre>
          </details>
        )
      )}
    </li>
  );
}

/** An alert's whole history for the auditor, before → after, and everyone who saw it. */
export function TimelinePage({ id }: { id?: string }) {
  const t = useMessages();
  const { lang, m } = useSession();
  const api = useAuditApi();
  const [labels, setLabels] = useState<ReferenceLabels | undefined>();
  useEffect(() => {
    // Without the labels the codes show as they are: the history stays readable.
    api.referenceLabels().then(setLabels, () => setLabels(undefined));
  }, [api]);
  const [draft, setDraft] = useState(id ?? '');
  const [items, setItems] = useState<TimelineEntry[] | null>(null);
  const [exposure, setExposure] = useState<Exposure | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    setItems(null);
    setExposure(null);
    setError('');
    if (!id) return;
    api.timeline(id).then(
      (r) => setItems(r.items),
      (e: Error) => setError(e.message),
    );
    api.exposure(id).then(setExposure, () => setExposure(null));
  }, [api, id]);
  const owner = items?.find((e) => e.type !== 'FeedbackGiven' && e.type !== 'FeedbackAmended')?.agency;
  return (
    <>
      <section className="card">
        <h2>{t.timelineTitle}</h2>
        <p className="hint">{t.timelineIntro}</p>
        <form
          className="audit-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (draft.trim()) navigate(`/audit/alerts/${encodeURIComponent(draft.trim())}`);
          }}
        >
          <label>
            {t.alertId}
            <input data-testid="timeline-id" value={draft} maxLength={36} onChange={(e) => setDraft(e.target.value)} />
          </label>
          <button type="submit">{t.lookup}</button>
        </form>
        {id && owner && (
          <p>
            <a href={href(`/alerts/${owner}/${id}`)}>{t.alertDetail}</a> · <a href={href('/audit/access-log', { alert: id })}>{t.everyoneWhoSaw}</a>
          </p>
        )}
      </section>
      {!id && <AlertPicker />}
      {error && (
        <p className="error" role="alert">
          {t.error}: {error}
        </p>
      )}
      {items && (
        <ol className="timeline" data-testid="timeline">
          {items.map((e) => (
            <Entry key={`${e.agency}/${e.position}`} e={e} values={{ lang, t, m, labels }} />
          ))}
        </ol>
      )}
      {exposure && (
        <section className="card" data-testid="exposure">
          <h2>{t.exposureTitle}</h2>
          <p>{fill(t.visiblePeriods, { agency: exposure.agency })}</p>
          <ul>
            {exposure.periods.map((p) => (
              <li key={p.from}>
                {formatTime(lang, p.from)} — {p.to ? formatTime(lang, p.to) : t.now}
              </li>
            ))}
          </ul>
          <h3>{t.reads}</h3>
          {exposure.reads.length ? (
            <ul>
              {exposure.reads.map((r, i) => (
                <li key={i}>
                  {formatTime(lang, r.at)} · {r.sub}
                  {r.unit ? ` · ${r.unit}` : ''} · <span title={r.action}>{actionLabel(t, r.action)}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p>{t.none}</p>
          )}
        </section>
      )}
    </>
  );
}

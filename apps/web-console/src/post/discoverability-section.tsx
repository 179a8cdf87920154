/** The owner's switch for hit / no-hit (issue 13): whether another agency whose alert matches learns that this one exists. */
import { useState } from 'react';
import type { ActionResult, AlertAction } from './alert-actions';
import type { PostMessages } from './messages';
import type { FieldError, NodeAlert } from './node-api';

export function DiscoverabilitySection(props: { alert: NodeAlert; run: (a: AlertAction, baseVersion: number) => Promise<ActionResult>; t: PostMessages }) {
  const { alert, run, t } = props;
  const [errors, setErrors] = useState<FieldError[]>([]);
  const on = alert.discoverable ?? false;
  // The hub never holds an agency-only alert's content, so there is nothing it could match.
  if (alert.distribution.level === 'agency' && !on) return <p className="muted">{t.agencyNotDiscoverable}</p>;
  const toggle = async () => {
    const label = on ? t.makeUndiscoverable : t.makeDiscoverable;
    const r = await run(
      {
        label,
        path: `/api/alerts/${encodeURIComponent(alert.id)}/discoverability`,
        // What the officer asked for when they clicked, even when re-applied after a conflict.
        body: (v) => ({ expectedVersion: v, discoverable: !on }),
      },
      alert.version,
    );
    setErrors(!r.ok && 'errors' in r ? r.errors : []);
  };
  return (
    <div>
      <p>
        <span className={`badge ${on ? 'open' : 'closed'}`} data-testid="discoverable-state" data-discoverable={String(on)}>
          {on ? t.discoverableOn : t.discoverableOff}
        </span>
      </p>
      <p className="muted">{t.discoverableHint}</p>
      {errors.length > 0 && (
        <ul className="field-error" role="alert" data-testid="discoverability-errors">
          {errors.map((e, i) => (
            <li key={i}>{e.message}</li>
          ))}
        </ul>
      )}
      <div className="buttons">
        <button type="button" onClick={() => void toggle()} data-testid="toggle-discoverable">
          {on ? t.makeUndiscoverable : t.makeDiscoverable}
        </button>
      </div>
    </div>
  );
}

/** One of my agency's alerts as the node holds it: its state, every change the officer may make, its history. */
import { useMemo, useState } from 'react';
import { href } from '../app/router';
import { useSession } from '../app/session';
import { useAlertActions, type Conflict } from './alert-actions';
import { AmendSection, DistributionSection, StatusSection } from './alert-changes';
import { DiscoverabilitySection } from './discoverability-section';
import { GrantsPanel } from './grants-panel';
import { HistoryList } from './history-list';
import { HubFeedback } from './hub-feedback';
import { fmt, formatTime, pick, useMessages, type PostMessages } from './messages';
import { NoNode } from './no-node';
import { callerOf, type FieldError } from './node-api';
import { refLabel, useReference } from './reference';
import type { Lang } from '../i18n';
import './post.css';

export function ManageAlertPage({ id }: { id: string }) {
  const session = useSession();
  const t = useMessages();
  const { lang } = session;
  const caller = useMemo(() => callerOf(session), [session]);
  const { reference } = useReference(caller);
  const { alert, loadError, run, conflict, reapply, dismiss, done, applied } = useAlertActions(caller, id);
  // Re-applying can still be refused (the change made meanwhile may make it pointless): said in the panel.
  const [reapplyErrors, setReapplyErrors] = useState<FieldError[]>([]);

  if (!caller) return <NoNode />;
  if (loadError && !alert)
    return (
      <p className="error" role="alert">
        {loadError}
      </p>
    );
  if (!alert || !reference) return <p className="muted">{t.loading}</p>;
  const open = alert.status === 'open' || alert.status === 'expired';
  const common = { alert, run, t, lang, reference };
  return (
    <div className="post">
      <p>
        <a href={href('/post/mine')}>← {t.myAlerts}</a>
      </p>
      <h2>
        {pick(t.kinds, alert.kind)}: {alert.commodity.description}
      </h2>
      <section className="card" data-testid="alert-summary">
        <dl className="facts">
          <dt>{t.status}</dt>
          <dd data-testid="alert-status">
            <span className={`badge ${alert.status}`}>{pick(t.statuses, alert.status)}</span> {alert.statusReason ?? ''}
          </dd>
          <dt>{t.version}</dt>
          <dd data-testid="alert-version">{alert.version}</dd>
          <dt>{t.distribution}</dt>
          <dd data-testid="alert-distribution">
            {pick(t.levels, alert.distribution.level)}
            {alert.distribution.recipients.length ? ` (${alert.distribution.recipients.join(', ')})` : ''}
          </dd>
          <dt>{t.discoverability}</dt>
          <dd data-testid="alert-discoverable">{alert.discoverable ? t.discoverableOn : t.discoverableOff}</dd>
          <dt>{t.category}</dt>
          <dd>{refLabel(reference, lang, 'commodityCategories', alert.commodity.category)}</dd>
          <dt>{t.unit}</dt>
          <dd>{refLabel(reference, lang, 'units', alert.unit)}</dd>
          <dt>{t.raisedAt}</dt>
          <dd>{formatTime(alert.raisedAt, lang)}</dd>
          <dt>{t.expires}</dt>
          <dd>{formatTime(alert.expiresAt, lang)}</dd>
          {alert.containers?.length ? (
            <>
              <dt>{t.containers}</dt>
              <dd>{alert.containers.join(', ')}</dd>
            </>
          ) : null}
        </dl>
        <a href={href(`/alerts/${alert.agency}/${alert.id}`)}>{t.regionalView}</a>
      </section>
      {done && !conflict && (
        <p className="card notice" role="status" data-testid="applied">
          {fmt(t.applied, { what: done })}
        </p>
      )}
      {conflict && (
        <ConflictPanel
          conflict={conflict}
          errors={reapplyErrors}
          t={t}
          lang={lang}
          onReapply={() => void reapply(conflict).then((r) => setReapplyErrors(!r.ok && 'errors' in r ? r.errors : []))}
          onDismiss={() => {
            setReapplyErrors([]);
            dismiss();
          }}
        />
      )}
      <div>
        {open && (
          <details className="card">
            <summary data-testid="open-amend">{t.amend}</summary>
            <AmendSection key={applied} {...common} />
          </details>
        )}
        {alert.status !== 'retracted' && (
          <details className="card">
            <summary data-testid="open-distribution">{t.changeDistribution}</summary>
            <DistributionSection key={applied} {...common} />
          </details>
        )}
        {alert.status !== 'retracted' && (
          <details className="card">
            <summary data-testid="open-discoverability">{t.discoverability}</summary>
            <DiscoverabilitySection key={applied} alert={alert} run={run} t={t} />
          </details>
        )}
        <details className="card">
          <summary data-testid="open-status">{t.statusActions}</summary>
          <StatusSection key={applied} alert={alert} run={run} t={t} />
        </details>
        <details className="card">
          <summary data-testid="open-grants">{t.personalData}</summary>
          <GrantsPanel key={applied} {...common} />
        </details>
      </div>
      <HubFeedback id={alert.id} t={t} />
      <section className="card">
        <h3>{t.history}</h3>
        <HistoryList events={[...alert.history].reverse()} t={t} lang={lang} testId="history" />
      </section>
    </div>
  );
}

/** A 409: what others changed since the officer started, and their own change, ready to apply again. */
function ConflictPanel(props: { conflict: Conflict; errors: FieldError[]; t: PostMessages; lang: Lang; onReapply: () => void; onDismiss: () => void }) {
  const { conflict, errors, t, lang, onReapply, onDismiss } = props;
  return (
    <section className="card conflict" role="alert" aria-labelledby="conflict-title" data-testid="conflict">
      <h3 id="conflict-title">{t.conflictTitle}</h3>
      <p>{fmt(t.conflictText, { base: conflict.baseVersion, current: conflict.currentVersion })}</p>
      <HistoryList events={conflict.meanwhile} t={t} lang={lang} testId="meanwhile" />
      <p>
        {t.yourChange}: <strong>{conflict.action.label}</strong>
      </p>
      {errors.length > 0 && (
        <ul className="field-error" data-testid="reapply-errors">
          {errors.map((e, i) => (
            <li key={i}>{e.message}</li>
          ))}
        </ul>
      )}
      <div className="buttons">
        <button type="button" onClick={onReapply} data-testid="reapply">
          {t.reapply}
        </button>
        <button type="button" className="secondary" onClick={onDismiss}>
          {t.discardMine}
        </button>
      </div>
    </section>
  );
}

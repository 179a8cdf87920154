import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { formatNumber } from '../app/format';
import { useRoute } from '../app/router';
import { useSession } from '../app/session';
import { AuditorLinks } from '../audit/AuditorLinks';
import { AlertMatches } from '../correlation';
import { FeedState } from './AlertList';
import { FeedbackForm } from './FeedbackForm';
import { FeedbackList, HistoryList } from './FeedbackList';
import { AlertHits } from '../discover';
import { useLiveFeed, type FeedEvent } from '../app/live-feed';
import { handlingCodeLabel } from '../post/messages';
import { ApiError, type Alert, type Reference } from './receive-api';
import { formatTime, label, loadReference, useMessages, useReceiveApi } from './use-receive';
import { ScreeningHits } from '../watchlist';

/** One alert as the hub shows it to me: content, who raised it, sharing, status, feedback, history. */
export function AlertDetailPage({ agency, id }: { agency: string; id: string }) {
  const { token, lang, who } = useSession();
  const route = useRoute();
  const api = useReceiveApi();
  const m = useMessages();
  const [alert, setAlert] = useState<Alert | null>(null);
  const [reference, setReference] = useState<Reference>();
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState('');

  const load = useCallback(() => {
    Promise.all([api.alert(id), loadReference(api, token)]).then(
      ([a, ref]) => {
        setReference(ref);
        setMissing(a.agency !== agency);
        setAlert(a.agency === agency ? a : null);
        setError('');
      },
      (e: Error) => {
        if (e instanceof ApiError && e.status === 404) {
          setMissing(true);
          setAlert(null);
        } else setError(`${m.failed}: ${e.message}`);
      },
    );
  }, [api, id, agency, token, m]);
  useEffect(load, [load]);
  const status = useLiveFeed((e: FeedEvent) => e.data.id === id && load(), load);

  if (missing)
    return (
      <section className="card">
        <h2>{m.alert}</h2>
        <p data-testid="alert-missing">{m.notFound}</p>
      </section>
    );
  if (!alert)
    return error ? (
      <p className="error" role="alert">
        {error}
      </p>
    ) : (
      <p role="status">{m.loading}</p>
    );

  const l = (list: string, code?: string) => label(reference, lang, list, code);
  const mine = alert.feedback?.find((f) => f.agency === who.agency);
  const answers = who.role === 'officer' && alert.agency !== who.agency && alert.kind === 'high-risk-consignment';
  const route_ = alert.route && [alert.route.departure ?? '?', ...(alert.route.transit ?? []), alert.route.destination ?? '?'].join(' → ');
  const parties = alert.parties ?? [];

  return (
    <article className="card rx-detail" data-testid="alert-detail" aria-labelledby="alert-title">
      <div className="rx-head">
        <h2 id="alert-title">
          {l('commodityCategories', alert.commodity.category)} — {alert.commodity.description}
        </h2>
        <FeedState status={status} />
      </div>
      <p className="rx-meta">
        <span>{m.kinds[alert.kind]}</span>
        <span className={`rx-status rx-status-${alert.status}`} data-testid="detail-status">
          {m.statuses[alert.status]}
        </span>
        {alert.statusReason && <span>{alert.statusReason}</span>}
        {alert.feedbackStatus && <span className={`rx-status rx-fb-${alert.feedbackStatus}`}>{m.feedbackStatuses[alert.feedbackStatus]}</span>}
      </p>
      <AuditorLinks id={alert.id} />

      <h3>{m.raisedBy}</h3>
      <dl className="rx-fields" data-testid="detail-raised-by">
        <Field name={m.agency}>
          {alert.agency} — {l('agencies', alert.agency)}
        </Field>
        <Field name={m.unit}>{l('units', alert.unit)}</Field>
        <Field name={m.raisedAt}>{formatTime(lang, alert.raisedAt)}</Field>
        <Field name={m.updatedAt}>
          {formatTime(lang, alert.updatedAt)} ({m.version} {alert.version})
        </Field>
      </dl>

      <h3>{m.distribution}</h3>
      <dl className="rx-fields" data-testid="detail-distribution">
        <Field name={m.level}>{m.levels[alert.distribution.level]}</Field>
        {alert.distribution.recipients?.length ? <Field name={m.recipients}>{alert.distribution.recipients.join(', ')}</Field> : null}
        {alert.handlingCode && <Field name={m.handlingCode}>{handlingCodeLabel(lang, alert.handlingCode)}</Field>}
        {alert.expiresAt && <Field name={m.expiresAt}>{formatTime(lang, alert.expiresAt)}</Field>}
        {alert.feedbackDueAt && alert.kind === 'high-risk-consignment' && <Field name={m.feedbackDue}>{formatTime(lang, alert.feedbackDueAt)}</Field>}
      </dl>

      <h3>{m.content}</h3>
      <dl className="rx-fields" data-testid="detail-content">
        <Field name={m.occurredAt}>{formatTime(lang, alert.occurredAt)}</Field>
        {alert.commodity.hsCode && <Field name={m.hsCode}>{alert.commodity.hsCode}</Field>}
        {alert.quantity && (
          <Field name={m.quantity}>
            {formatNumber(lang, alert.quantity.value)} {l('quantityUnits', alert.quantity.unit)}
          </Field>
        )}
        {alert.containers?.length ? <Field name={m.containers}>{alert.containers.join(', ')}</Field> : null}
        {alert.billOfLading && <Field name={m.billOfLading}>{alert.billOfLading}</Field>}
        {alert.vessel && <Field name={m.vessel}>{[alert.vessel.name, alert.vessel.imo, alert.vessel.flag].filter(Boolean).join(' · ')}</Field>}
        {route_ && <Field name={m.route}>{route_}</Field>}
        {alert.eta && <Field name={m.eta}>{formatTime(lang, alert.eta)}</Field>}
        {alert.locode && <Field name={m.locode}>{alert.locode}</Field>}
        {alert.conveyance && <Field name={m.conveyance}>{l('conveyances', alert.conveyance)}</Field>}
        {alert.detectionMethod && <Field name={m.detectionMethod}>{l('detectionMethods', alert.detectionMethod)}</Field>}
        {alert.concealmentMethod && <Field name={m.concealmentMethod}>{l('concealmentMethods', alert.concealmentMethod)}</Field>}
        {alert.riskIndicators?.length ? <Field name={m.riskIndicators}>{alert.riskIndicators.join('; ')}</Field> : null}
        {alert.recommendedAction && <Field name={m.recommendedAction}>{alert.recommendedAction}</Field>}
        {(alert.sourceReliability || alert.informationAccuracy) && (
          <Field name={m.grading}>
            {alert.sourceReliability ?? '—'}
            {alert.informationAccuracy ?? '—'}
          </Field>
        )}
      </dl>

      {parties.length > 0 && (
        <>
          <h3>{m.parties}</h3>
          <ul className="rx-parties" data-testid="detail-parties">
            {parties.map((p, i) => (
              <li key={i}>
                <strong>{m.roles[p.role]}</strong>:{' '}
                {(p as { withheld?: boolean }).withheld ? (
                  <em className="rx-withheld" data-testid="withheld">
                    {m.withheld}
                  </em>
                ) : (
                  <>
                    {p.name}
                    {p.isPerson ? ` (${m.person})` : ''}
                    {p.nationality ? ` · ${p.nationality}` : ''}
                    {p.documentNumber ? ` · ${p.documentNumber}` : ''}
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {alert.personalDataGrants?.length ? (
        <>
          <h3>{m.grants}</h3>
          <ul data-testid="detail-grants">
            {alert.personalDataGrants.map((g) => (
              <li key={g.agency}>
                {g.agency} · {formatTime(lang, g.grantedAt)} · {g.legalBasis}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <AlertMatches id={alert.id} />
      <AlertHits agency={alert.agency} id={alert.id} />

      <ScreeningHits alert={alert} />
      <h3>{m.feedback}</h3>
      <FeedbackList feedback={alert.feedback ?? []} />
      {answers && (
        <section className="rx-answer" aria-label={m.myAnswer}>
          <FeedbackForm key={alert.id} alert={alert} mine={mine} startOpen={route.query.get('answer') === '1'} onSent={load} />
        </section>
      )}

      {alert.history && (
        <>
          <h3>{m.history}</h3>
          <HistoryList history={alert.history} />
        </>
      )}
    </article>
  );
}

function Field({ name, children }: { name: string; children: ReactNode }) {
  return (
    <div>
      <dt>{name}</dt>
      <dd>{children}</dd>
    </div>
  );
}

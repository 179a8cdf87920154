import { useCallback, useEffect, useState } from 'react';
import { kindLabel, useCorrelationApi, useMessages, type CommonValue } from './use-correlation';
import './correlation.css';

type Decision = 'common' | 'not-common';

/**
 * Programme coordinators: the values over the fan-out bound (they match nothing meanwhile), to
 * confirm as common or not, and the decisions already taken (which can be changed).
 */
export function CommonValuesPage() {
  const m = useMessages();
  const api = useCorrelationApi();
  const [data, setData] = useState<{ maxFanout: number; items: CommonValue[] } | null>(null);
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const load = useCallback(() => {
    api.commonValues().then(setData, (e: Error) => setError(`${m.failed}: ${e.message}`));
  }, [api, m]);
  useEffect(load, [load]);

  const decide = async (v: CommonValue, decision: Decision) => {
    setBusy(true);
    setError('');
    try {
      await api.decide({ kind: v.kind, value: v.value, decision });
      setStatus(m.recorded.replace('{value}', v.value).replace('{decision}', m.decisions[decision]));
      load();
    } catch (e) {
      setError(`${m.decideFailed}: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  const awaiting = data?.items.filter((v) => !v.decision) ?? [];
  const decided = data?.items.filter((v) => v.decision) ?? [];
  const row = (v: CommonValue) => (
    <li key={`${v.kind}|${v.value}`} className="cx-common-item" data-testid="common-value" data-value={v.value}>
      <p>
        <strong lang="">{v.value}</strong> · {kindLabel(m, v.kind)} · {m.alerts}: {v.alerts}
        {v.decision && (
          <>
            {' '}
            · {m.decision}: <span data-testid="common-decision">{m.decisions[v.decision]}</span>
          </>
        )}
      </p>
      <div className="buttons">
        {v.decision !== 'common' && (
          <button type="button" disabled={busy} onClick={() => void decide(v, 'common')} data-testid="confirm-common">
            {m.confirmCommon}
          </button>
        )}
        {v.decision !== 'not-common' && (
          <button type="button" className="secondary" disabled={busy} onClick={() => void decide(v, 'not-common')} data-testid="not-common">
            {m.notCommon}
          </button>
        )}
      </div>
    </li>
  );
  return (
    <section aria-labelledby="cx-common-title" data-testid="common-values">
      <h2 id="cx-common-title">{m.commonValues}</h2>
      {data && <p>{m.commonIntro.replace('{max}', String(data.maxFanout))}</p>}
      {error && <p role="alert">{error}</p>}
      <p role="status">{status}</p>
      <h3>{m.awaiting}</h3>
      {data && awaiting.length === 0 && <p>{m.commonNone}</p>}
      <ul className="cx-common" data-testid="common-awaiting">
        {awaiting.map(row)}
      </ul>
      {decided.length > 0 && (
        <>
          <h3>{m.decided}</h3>
          <ul className="cx-common" data-testid="common-decided">
            {decided.map(row)}
          </ul>
        </>
      )}
    </section>
  );
}

/**
 * The changes an officer makes to one of its agency's alerts, each guarded by `expectedVersion`.
 * A 409 is not an error to the officer: the alert is read again and the changes made meanwhile are
 * shown (from the node's history) with the officer's own change, which can be applied again on top.
 */
import { useCallback, useEffect, useState } from 'react';
import { newKey, nodeCall, type FieldError, type HistoryEntry, type NodeAlertWithHistory, type NodeCaller } from './node-api';

export interface AlertAction {
  /** What the officer asked for, in their words (shown again in a conflict). */
  readonly label: string;
  readonly path: string;
  readonly body: (expectedVersion: number) => Record<string, unknown>;
  /** Sent with an Idempotency-Key (amendments take one; status and distribution rely on the version). */
  readonly idempotent?: boolean;
}

export interface Conflict {
  readonly action: AlertAction;
  readonly baseVersion: number;
  readonly currentVersion: number;
  readonly meanwhile: HistoryEntry[];
}

export type ActionResult = { ok: true } | { ok: false; errors: FieldError[] } | { ok: false; conflict: true };

export function useAlertActions(caller: NodeCaller | null, id: string) {
  const [alert, setAlert] = useState<NodeAlertWithHistory | null>(null);
  const [loadError, setLoadError] = useState('');
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [done, setDone] = useState('');
  // Counts applied changes: the change forms start again from the alert as it now is.
  const [applied, setApplied] = useState(0);

  const reload = useCallback(async (): Promise<NodeAlertWithHistory | null> => {
    if (!caller) return null;
    try {
      const r = await nodeCall<NodeAlertWithHistory>(caller, `/api/alerts/${encodeURIComponent(id)}`);
      if (!r.ok) {
        setLoadError(r.body.message ?? String(r.status));
        return null;
      }
      setAlert(r.body);
      return r.body;
    } catch (e) {
      setLoadError((e as Error).message);
      return null;
    }
  }, [caller?.nodeUrl, caller?.token, id]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const run = async (action: AlertAction, baseVersion: number): Promise<ActionResult> => {
    if (!caller) return { ok: false, errors: [] };
    setDone('');
    let r;
    try {
      r = await nodeCall(caller, action.path, { method: 'POST', body: action.body(baseVersion), idempotencyKey: action.idempotent ? newKey() : undefined });
    } catch (e) {
      return { ok: false, errors: [{ field: '', rule: 'unreachable', message: (e as Error).message }] };
    }
    if (r.ok) {
      setConflict(null);
      setDone(action.label);
      setApplied((n) => n + 1);
      await reload();
      return { ok: true };
    }
    if (r.status === 409 && r.body.code === 'STREAM.VERSION_CONFLICT') {
      const now = await reload();
      const currentVersion = r.body.currentVersion ?? now?.version ?? baseVersion;
      setConflict({ action, baseVersion, currentVersion, meanwhile: (now?.history ?? []).filter((e) => e.version > baseVersion) });
      return { ok: false, conflict: true };
    }
    return {
      ok: false,
      errors: r.body.errors?.length ? r.body.errors : [{ field: '', rule: r.body.code ?? String(r.status), message: r.body.message ?? String(r.status) }],
    };
  };

  /** The officer's change again, on top of what changed meanwhile. */
  const reapply = (c: Conflict) => run(c.action, c.currentVersion);

  return { alert, loadError, reload, run, conflict, reapply, dismiss: () => setConflict(null), done, applied };
}

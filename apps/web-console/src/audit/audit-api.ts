/**
 * The hub's audit API as the auditor's screens call it (contract C7 for the timeline diff, as-of,
 * access-log paging, quarantine, report and keys). Hand-written: some of these routes are newer
 * than the generated schema. Every call carries the auditor's token; a 401 ends the session.
 */
import { useMemo } from 'react';
import { authorizedFetch, queryString } from '../app/http';
import { useSession } from '../app/session';
import type { PublicKeySpki } from './verifier';

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor?: string | null;
}

export interface Actor {
  readonly sub?: string;
  readonly unit?: string;
  readonly agency: string;
}

export interface TimelineEntry {
  readonly position: number;
  readonly agency: string;
  readonly type: string;
  readonly version?: number | null;
  /** C7: the node's time and the hub's; `at` is the node's time on hubs before C7. */
  readonly recordedAt?: string;
  readonly receivedAt?: string;
  readonly at?: string;
  /** C7: `{sub, unit, agency}`; before C7 the subject alone, with `unit` beside it. */
  readonly actor?: Actor | string;
  readonly unit?: string;
  readonly before?: Record<string, unknown>;
  readonly after?: Record<string, unknown>;
  readonly gained?: string[];
  readonly lost?: string[];
  readonly payload?: unknown;
}

export interface Exposure {
  readonly alertId: string;
  readonly agency: string;
  readonly periods: Array<{ from: string; to: string | null }>;
  readonly reads: Array<{ at: string; sub: string; unit?: string; role: string; action: string }>;
}

export interface AccessRecord {
  readonly position: number;
  readonly at: string;
  readonly sub: string;
  readonly agency: string;
  readonly role: string;
  readonly unit?: string;
  readonly action: string;
  readonly alertId?: string;
  readonly alertIds?: string[];
  readonly alertsOf?: string;
  readonly partial?: boolean;
}

export interface QuarantineEntry {
  readonly agency: string;
  readonly position?: number;
  readonly reason: string;
  readonly subject?: string;
  readonly time?: string;
  readonly at?: string;
  readonly receivedAt?: string;
}

/** One row of an as-of list: the alert as the principal saw it, or a sealed or withdrawn stub (no content for this auditor). */
export interface AsOfAlert {
  readonly id?: string;
  readonly agency: string;
  readonly sealed?: true;
  readonly withdrawn?: true;
  readonly kind?: string;
  readonly status?: string;
  readonly commodity?: { category?: string; description?: string };
}

/** One row of the hub's alert list, as far as the alert picker reads it. */
export interface ScopeAlert {
  readonly id: string;
  readonly agency: string;
  readonly kind?: string;
  readonly status?: string;
  readonly raisedAt?: string;
  readonly commodity?: { category?: string; description?: string };
}

export type Query = Record<string, string | number | undefined>;

export class AuditApi {
  constructor(
    private readonly token: string,
    private readonly onUnauthorized: () => void,
  ) {}

  /** A raw answer (for NDJSON and PDF), refused answers thrown with their status and code. */
  async fetch(path: string, query: Query = {}, accept = 'application/json'): Promise<Response> {
    const qs = queryString(query);
    const res = await authorizedFetch({ token: this.token, onUnauthorized: this.onUnauthorized }, `${path}${qs ? `?${qs}` : ''}`, { headers: { accept } });
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
      throw new Error(`${res.status}${body.code ? ` ${body.code}` : ''}${body.message ? `: ${body.message}` : ''}`);
    }
    return res;
  }

  private async json<T>(path: string, query: Query = {}): Promise<T> {
    return (await (await this.fetch(path, query)).json()) as T;
  }

  timeline(id: string) {
    return this.json<{ alertId: string; items: TimelineEntry[] }>(`/api/audit/alerts/${encodeURIComponent(id)}/timeline`);
  }
  exposure(id: string) {
    return this.json<Exposure>(`/api/audit/alerts/${encodeURIComponent(id)}/exposure`);
  }
  accessLog(q: Query) {
    return this.json<Page<AccessRecord>>('/api/audit/access-log', q);
  }
  quarantine(q: Query) {
    return this.json<Page<QuarantineEntry>>('/api/audit/quarantine', q);
  }
  /** The alerts the auditor's agency sees now, newest first (the hub's ordinary list answers auditors too). */
  alerts(q: Query) {
    return this.json<Page<ScopeAlert>>('/api/alerts', q);
  }
  /** The reference lists' labels per language: how codes in a timeline are read. */
  referenceLabels() {
    return this.json<{ labels?: Record<string, Record<string, Record<string, string>>> }>('/api/reference').then((r) => r.labels ?? {});
  }
  asOfAlerts(q: Query) {
    return this.json<Page<AsOfAlert>>('/api/audit/as-of/alerts', q);
  }
  asOfTrends(q: Query) {
    return this.json<{ rows: Array<{ key: string; count: number }>; withheld?: number }>('/api/audit/as-of/trends/seizures', q);
  }
  keys() {
    return this.json<{ keys: Array<PublicKeySpki & { fingerprint: string }> }>('/api/audit/keys');
  }
  events(q: Query) {
    return this.fetch('/api/audit/events', q, 'application/x-ndjson');
  }
  report(q: Query) {
    return this.fetch('/api/audit/report', q, 'application/pdf');
  }
  reportExport(q: Query) {
    return this.fetch('/api/audit/report/export', q, 'application/x-ndjson');
  }
}

export function useAuditApi(): AuditApi {
  const { token, onUnauthorized } = useSession();
  return useMemo(() => new AuditApi(token, onUnauthorized), [token, onUnauthorized]);
}

/**
 * The calls the officer's receiving screens make: the hub's regional view (inbox, awaiting,
 * detail, search) and the officer's own node (feedback). Types come from the hub's generated
 * schema; the fields of contracts C1 (feedback versions), C2 (grants), C5 (search) and C6
 * (history) are declared here as optional until `npm run openapi` carries them.
 */
import type { components } from '../api/schema';
import { authorizedFetch, queryString } from '../app/http';
import type { Session } from '../app/session';

type Schemas = components['schemas'];

export interface FeedbackVersion {
  readonly version: number;
  readonly outcome: Schemas['Feedback']['outcome'];
  readonly seizureReportId?: string;
  readonly reason?: string;
  readonly notes?: string;
  readonly inspectedAt?: string;
  readonly givenAt: string;
  readonly unit?: string;
}

export type Feedback = Schemas['Feedback'] & { readonly version?: number; readonly versions?: readonly FeedbackVersion[] };

export interface HistoryEntry {
  readonly version: number;
  readonly type: string;
  readonly recordedAt: string;
  readonly receivedAt?: string;
  readonly unit?: string;
}

export type Alert = Omit<Schemas['HubAlert'], 'feedback'> & {
  readonly feedback?: readonly Feedback[];
  readonly history?: readonly HistoryEntry[];
  readonly personalDataGrants?: ReadonlyArray<{ agency: string; legalBasis: string; grantedAt: string }>;
};

export interface Page {
  readonly items: Alert[];
  readonly nextCursor: string | null;
}

export interface SearchFilters {
  container?: string;
  imo?: string;
  billOfLading?: string;
  company?: string;
  q?: string;
}

export interface FieldError {
  readonly field: string;
  readonly rule: string;
  readonly message: string;
}

/** A refused call: the HTTP status, the stable code and the field errors when there are any. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly errors: readonly FieldError[] = [],
    readonly body: Record<string, unknown> = {},
  ) {
    super(`${status} ${code}`);
  }
}

export type FeedbackOutcome = Schemas['Feedback']['outcome'];

export interface FeedbackInput {
  readonly alertId: string;
  readonly outcome: FeedbackOutcome;
  readonly seizureReportId?: string;
  readonly reason?: string;
  readonly notes?: string;
  readonly inspectedAt?: string;
  /** Present when amending (C1): the version the officer saw. */
  readonly expectedVersion?: number;
}

export interface OwnSeizureReport {
  readonly id: string;
  readonly occurredAt: string;
  readonly unit: string;
  readonly commodity: { readonly description: string };
}

export interface Reference {
  readonly agencies: ReadonlyArray<{ code: string; participating: boolean }>;
  readonly labels?: Record<string, Record<string, Record<string, string>>>;
}

type Caller = Pick<Session, 'token' | 'lang' | 'nodeUrl' | 'onUnauthorized'>;

export class ReceiveApi {
  /** `session` is read at each call: the language and the node's URL may change without a new client. */
  constructor(private readonly session: () => Caller) {}

  list(query: Record<string, string | undefined>): Promise<Page> {
    return this.get<Page>(`/api/alerts?${queryString(query)}`);
  }

  alert(id: string): Promise<Alert> {
    return this.get<Alert>(`/api/alerts/${encodeURIComponent(id)}`);
  }

  awaiting(): Promise<Alert[]> {
    return this.get<{ items: Alert[] }>('/api/feedback/awaiting').then((r) => r.items);
  }

  reference(): Promise<Reference> {
    return this.get<Reference>('/api/reference');
  }

  /** The officer's own seizure reports on their node, newest first: what a seizure outcome may link to. */
  ownSeizureReports(): Promise<OwnSeizureReport[]> {
    return this.get<{ items: OwnSeizureReport[] }>(`${this.node()}/api/alerts?kind=seizure&limit=50`).then((r) => r.items);
  }

  /** Posted to the officer's own node: feedback is the giver's fact, in the giver's store. */
  giveFeedback(input: FeedbackInput, idempotencyKey: string): Promise<{ feedbackId?: string; version?: number }> {
    return this.send(`${this.node()}/api/feedback`, input, { 'idempotency-key': idempotencyKey });
  }

  private node(): string {
    const { nodeUrl } = this.session();
    if (!nodeUrl) throw new ApiError(0, 'CONSOLE.NO_NODE');
    return nodeUrl;
  }

  private get<T>(url: string): Promise<T> {
    return this.fetchJson<T>(url, { method: 'GET' });
  }

  private send<T>(url: string, body: unknown, headers: Record<string, string>): Promise<T> {
    return this.fetchJson<T>(url, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });
  }

  private async fetchJson<T>(url: string, init: RequestInit): Promise<T> {
    const s = this.session();
    const res = await authorizedFetch(s, url, init);
    const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (!res.ok) throw new ApiError(res.status, typeof body.code === 'string' ? body.code : String(res.status), (body.errors as FieldError[]) ?? [], body);
    return body as T;
  }
}

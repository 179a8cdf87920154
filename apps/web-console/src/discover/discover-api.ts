/**
 * Hit / no-hit and requests for information (issue 13): the hub tells who holds what (and, to the
 * owner, who asked); the officer's own node records the request or the answer as its agency's fact.
 */
import type { components } from '../api/schema';
import { authorizedFetch, queryString } from '../app/http';
import type { Session } from '../app/session';

type Schemas = components['schemas'];
export type RequestStatus = Schemas['RequestStatus'];
export type AlertRef = Schemas['AlertRef'];
/** What the requester learns: who holds something related, on which key of its own alert. */
export type RequesterHit = Schemas['RequesterHit'];
/** What the owner learns: which of its alerts, which agency, which key — and the request. */
export type OwnerHit = Schemas['OwnerHit'];
export type Hit = Schemas['Hit'];

/** A refused call: the HTTP status and the stable code. */
export class DiscoverError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message || `${status} ${code}`);
  }
}

export class DiscoverApi {
  constructor(private readonly session: () => Session) {}

  async hits(alertId?: string): Promise<Hit[]> {
    const q = queryString({ alertId });
    const body = await this.call<{ items: Hit[] }>(`/api/discovery/hits${q ? `?${q}` : ''}`);
    return body.items;
  }

  requestInformation(hitId: string, message: string): Promise<{ requestId: string }> {
    return this.call(`${this.node()}/api/information-requests`, { method: 'POST', body: { hitId, message } });
  }

  /** The answer is given on the alert's version as the owner's node has it now. */
  async answer(hit: OwnerHit, decision: 'accept' | 'decline', reason?: string): Promise<void> {
    const alert = await this.call<{ version: number }>(`${this.node()}/api/alerts/${encodeURIComponent(hit.ownAlert.alertId)}`);
    await this.call(`${this.node()}/api/information-requests/${encodeURIComponent(hit.request!.requestId)}/answer`, {
      method: 'POST',
      body: { alertId: hit.ownAlert.alertId, decision, requesterAgency: hit.requesterAgency, expectedVersion: alert.version, ...(reason ? { reason } : {}) },
    });
  }

  private node(): string {
    const url = this.session().nodeUrl;
    if (!url) throw new DiscoverError(0, 'NO_NODE', '');
    return url;
  }

  private async call<T>(url: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
    const s = this.session();
    const res = await authorizedFetch({ token: s.token, lang: s.lang, onUnauthorized: s.onUnauthorized }, url, {
      method: init.method ?? 'GET',
      ...(init.body ? { body: JSON.stringify(init.body), headers: { 'content-type': 'application/json' } } : {}),
    });
    const body = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
    if (!res.ok) throw new DiscoverError(res.status, body.code ?? String(res.status), body.message ?? '');
    return body as T;
  }
}

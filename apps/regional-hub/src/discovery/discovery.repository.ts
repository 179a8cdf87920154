import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@cix/auth';
import { PROGRAMME_AGENCY } from '@cix/contracts';
import type { DeliveredAlert } from '../audit/access-log.service.js';
import { ownerView, requesterMayKnow, requesterView, requestView, type HitRow, type HitView, type InformationRequestView } from './discovery.views.js';

/** At most this many hits per answer, newest first: hits are few per agency (bounded fan-out upstream). */
const MAX_ITEMS = 500;

const HITS_FROM = `
  SELECT h.id::text AS id, h.requester_agency, h.requester_alert_id::text AS requester_alert_id, h.owner_agency,
         h.owner_alert_id::text AS owner_alert_id, h.kind, h.requester_value, h.owner_value, h.found_at,
         r.request_id::text AS request_id, r.message, r.requester_unit, r.requested_at,
         a.decision, a.reason, a.answered_at,
         oa.level AS owner_level, oa.recipients AS owner_recipients, (oa.state->>'discoverable')::boolean AS owner_discoverable
    FROM public.hub_hits h
    LEFT JOIN hub_information_requests r ON r.hit_id = h.id AND r.requester_agency = h.requester_agency
    LEFT JOIN hub_information_answers a ON a.request_id = r.request_id AND a.owner_agency = h.owner_agency
          AND a.alert_id = h.owner_alert_id AND a.requester_agency = h.requester_agency
    LEFT JOIN hub_alerts oa ON oa.id = h.owner_alert_id AND oa.agency = h.owner_agency`;
const HITS_SQL = `${HITS_FROM}
   WHERE (h.requester_agency = $1 OR h.owner_agency = $1)`;

/** The items, and the requesters' alerts whose request messages they deliver to the owner (for the access log). */
export interface Answer<T> {
  readonly items: T[];
  readonly messagesOf: DeliveredAlert[];
}

function answer<T>(rows: readonly HitRow[], view: (r: HitRow) => T | null, p: Principal): Answer<T> {
  const items: T[] = [];
  const messagesOf: DeliveredAlert[] = [];
  for (const r of rows) {
    const v = view(r);
    if (v === null) continue;
    items.push(v);
    if (r.owner_agency === p.agency && r.request_id) messagesOf.push({ agency: r.requester_agency, id: r.requester_alert_id });
  }
  return { items, messagesOf };
}

/**
 * Hits and requests for information of the caller's agency: its officers and its auditors, no one
 * else (a coordinator, another agency: nothing — a guessed id is "not found", and lists are empty).
 */
@Injectable()
export class DiscoveryRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async hits(p: Principal, f: { hitId?: string; alertId?: string } = {}): Promise<Answer<HitView>> {
    const rows = await this.rows(p, f);
    return answer(rows, (r): HitView | null => (r.owner_agency === p.agency ? ownerView(r) : requesterMayKnow(r) ? requesterView(r, p) : null), p);
  }

  async requests(p: Principal, f: { requestId?: string } = {}): Promise<Answer<InformationRequestView>> {
    const rows = await this.rows(p, { ...f, withRequest: true });
    return answer(rows, (r) => (r.owner_agency === p.agency ? requestView(r, 'owner') : requesterMayKnow(r) ? requestView(r, 'requester') : null), p);
  }

  /** Of `hitIds`, those their requester agency may still know of now (the live feed's rule for a `hit` notice, as the list's). */
  async knownToRequesters(hitIds: readonly string[]): Promise<Set<string>> {
    if (!hitIds.length) return new Set();
    const rows = await this.db.query<HitRow[]>(`${HITS_FROM} WHERE h.id = ANY($1::uuid[])`, [hitIds]);
    return new Set(rows.filter(requesterMayKnow).map((r) => r.id));
  }

  private async rows(p: Principal, f: { hitId?: string; alertId?: string; requestId?: string; withRequest?: boolean }): Promise<HitRow[]> {
    if ((p.role !== 'officer' && p.role !== 'auditor') || p.agency === PROGRAMME_AGENCY) return [];
    const params: unknown[] = [p.agency];
    let sql = HITS_SQL;
    if (f.hitId) sql += ` AND h.id = $${params.push(f.hitId)}`;
    if (f.requestId) sql += ` AND r.request_id = $${params.push(f.requestId)}`;
    if (f.withRequest) sql += ` AND r.request_id IS NOT NULL`;
    // The caller's own alert: as requester (its alert matched) or as owner (its alert was hit).
    if (f.alertId)
      sql += ` AND ((h.requester_agency = $1 AND h.requester_alert_id = $${params.push(f.alertId)}) OR (h.owner_agency = $1 AND h.owner_alert_id = $${params.length}))`;
    sql += ` ORDER BY h.found_at DESC, h.id LIMIT ${MAX_ITEMS}`;
    return this.db.query<HitRow[]>(sql, params);
  }
}

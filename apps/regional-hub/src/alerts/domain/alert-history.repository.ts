import type { DataSource } from 'typeorm';
import type { Principal } from '@cix/auth';
import { canSeeFeedback } from '@cix/access-control';
import { AlertEventType, alertStreamId, feedbackStreamId } from '@cix/contracts';
import { queryRows, sql } from '@cix/read-model';
import { sharingFacts, type HubAlertRow } from './hub-alert.view.js';

/** One event of an alert's history as an officer may know it: what and when, never its content. */
export interface AlertHistoryEntry {
  /** The alert's version after the event, or the feedback's version (1 for the first answer). */
  readonly version: number;
  readonly type: string;
  /** The agency whose node wrote it: the owner, or the agency that gave feedback. */
  readonly agency: string;
  readonly unit?: string;
  /** When the node recorded it. */
  readonly recordedAt: string;
  /** When the hub received it. */
  readonly receivedAt: string;
}

interface HistoryRow {
  agency: string;
  type: string;
  version: number;
  unit: string | null;
  recorded_at: Date;
  received_at: Date;
  /** For a grant or its revocation only: its payload (the agencies it names). */
  grant_payload: { recipients?: unknown; agency?: unknown } | null;
}

const GRANT_EVENTS: ReadonlySet<string> = new Set([AlertEventType.PersonalDataGranted, AlertEventType.PersonalDataGrantRevoked]);

/**
 * The alert's events that reached the hub (those kept national reach it sealed, without a stream, and
 * are not listed), and the feedback events on it that the caller may see (its own agency's, or all
 * of them for the owner). Refused events are not history. A grant of the persons (or its revocation)
 * is told only to the owner and to the agency it names: nobody else learns of the grants.
 */
export async function alertHistory(db: DataSource, principal: Principal, row: HubAlertRow): Promise<AlertHistoryEntry[]> {
  const rows = await queryRows<HistoryRow>(
    db,
    sql`SELECT agency, type, (event->>'streamVersion')::int AS version, event->'metadata'->>'unit' AS unit, recorded_at, received_at,
               CASE WHEN type = ANY(${[...GRANT_EVENTS]}::text[]) THEN event->'payload' END AS grant_payload
          FROM hub_event_log
         WHERE refusal IS NULL AND ((stream_id = ${alertStreamId(row.id)} AND agency = ${row.agency}) OR stream_id = ${feedbackStreamId(row.agency, row.id)})
         ORDER BY recorded_at, agency, position`,
  );
  const facts = sharingFacts(row);
  return rows
    .filter((r) => (r.agency === row.agency ? !GRANT_EVENTS.has(r.type) || tellsOfGrant(principal, row, r) : canSeeFeedback(principal, facts, r.agency)))
    .map((r) => ({
      version: r.version,
      type: r.type,
      agency: r.agency,
      ...(r.unit ? { unit: r.unit } : {}),
      recordedAt: new Date(r.recorded_at).toISOString(),
      receivedAt: new Date(r.received_at).toISOString(),
    }));
}

const tellsOfGrant = (p: Principal, row: HubAlertRow, r: HistoryRow): boolean =>
  p.agency === row.agency ||
  r.grant_payload?.agency === p.agency ||
  (Array.isArray(r.grant_payload?.recipients) && r.grant_payload.recipients.includes(p.agency));

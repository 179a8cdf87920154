import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PROGRAMME_AGENCY, type Principal } from '@cix/contracts';
import { toScreeningHit, type HitRow, type ScreeningHit } from '@cix/read-model';

/** A hit as its owner reads it. */
export interface ScreeningHitView {
  readonly hitId: string;
  readonly alert: { readonly agency: string; readonly alertId: string };
  readonly party: { readonly role: string; readonly name: string; readonly isPerson: boolean };
  readonly list: string;
  readonly version: number;
  readonly entry: { readonly reference: string; readonly kind: string; readonly name: string };
  readonly alias: string;
  readonly aliasQuality: string;
  readonly score: number;
  readonly foundAt: string;
  /** False once the entry left the list (a later version no longer names it); the hit is kept. */
  readonly listed: boolean;
  readonly delistedAt?: string;
}

const COLUMNS = `id, alert_id, agency, party_role, party_name, party_is_person, list, version, reference, entry_kind, entry_name, alias, alias_quality, score, found_at, delisted_at`;

/**
 * Hits are the owning agency's alone (its officers and auditors): the programme, coordinators and
 * every other agency read none, through any path. Persons' names are in them, which only the
 * owner may see anyway.
 */
export const screeningAgencyOf = (p: Principal): string | null =>
  p.agency !== PROGRAMME_AGENCY && (p.role === 'officer' || p.role === 'auditor') ? p.agency : null;

export function toHitView(r: HitRow & { delisted_at: Date | null }): ScreeningHitView {
  const h: ScreeningHit = toScreeningHit(r);
  return {
    hitId: h.id,
    alert: { agency: h.agency, alertId: h.alertId },
    party: { role: h.partyRole, name: h.partyName, isPerson: h.partyIsPerson },
    list: h.list,
    version: h.version,
    entry: { reference: h.reference, kind: h.entryKind, name: h.entryName },
    alias: h.alias,
    aliasQuality: h.aliasQuality,
    score: h.score,
    foundAt: h.foundAt,
    listed: !r.delisted_at,
    ...(r.delisted_at ? { delistedAt: new Date(r.delisted_at).toISOString() } : {}),
  };
}

@Injectable()
export class ScreeningHitsRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /** The hits on one alert, for its owner only (empty for anyone else). */
  async forAlert(p: Principal, alert: { id: string; agency: string }): Promise<ScreeningHitView[]> {
    if (screeningAgencyOf(p) !== alert.agency) return [];
    const rows = await this.db.query<Array<HitRow & { delisted_at: Date | null }>>(
      `SELECT ${COLUMNS} FROM hub_screening_hits WHERE alert_id = $1 AND agency = $2 ORDER BY delisted_at IS NOT NULL, score DESC, found_at, id`,
      [alert.id, alert.agency],
    );
    return rows.map(toHitView);
  }

  /** The caller's agency's hits, newest first; `after` is the last (foundAt, id) of the previous page. */
  async list(p: Principal, q: { limit: number; after?: { foundAt: string; id: string }; alertId?: string; listed?: boolean }): Promise<ScreeningHitView[]> {
    const agency = screeningAgencyOf(p);
    if (!agency) return [];
    const args: unknown[] = [agency, q.limit];
    const where = ['agency = $1'];
    if (q.after) where.push(`(found_at, id) < ($${args.push(q.after.foundAt)}::timestamptz, $${args.push(q.after.id)}::uuid)`);
    if (q.alertId) where.push(`alert_id = $${args.push(q.alertId)}::uuid`);
    if (q.listed !== undefined) where.push(q.listed ? 'delisted_at IS NULL' : 'delisted_at IS NOT NULL');
    const rows = await this.db.query<Array<HitRow & { delisted_at: Date | null }>>(
      `SELECT ${COLUMNS} FROM hub_screening_hits WHERE ${where.join(' AND ')} ORDER BY found_at DESC, id DESC LIMIT $2`,
      args,
    );
    return rows.map(toHitView);
  }
}

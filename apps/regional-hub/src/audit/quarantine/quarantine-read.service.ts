import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PROGRAMME_AGENCY, type Principal } from '@cix/auth';
import { queryRows, sql } from '@cix/read-model';
import { LIST_CURSOR, type ListCursorCodec } from '../../alerts/domain/list-cursor.js';

export interface QuarantineItem {
  readonly agency: string;
  /** The stream sequence of the refused message (for the projector's refusals: the event's position in its agency's log). */
  readonly position: number;
  readonly subject: string;
  readonly reason: string;
  readonly receivedAt: string;
  /** What the refused message said it was, when it says so (never its content). */
  readonly eventId?: string;
  readonly type?: string;
  readonly hash?: string;
}

/** What the raw message claims to be: only short identifiers, never its content. */
function claimedIdentity(raw: string): Pick<QuarantineItem, 'eventId' | 'type' | 'hash'> {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return {};
  }
  if (!v || typeof v !== 'object') return {};
  const o = v as Record<string, unknown>;
  const pick = (k: string, re: RegExp) => (typeof o[k] === 'string' && re.test(o[k]) ? { [k]: o[k] } : {});
  return { ...pick('eventId', /^[0-9a-f-]{36}$/i), ...pick('type', /^[A-Za-z]{1,60}$/), ...pick('hash', /^[0-9a-f]{64}$/) };
}

/**
 * Messages the hub refused (forged, unknown key, broken chain, wrong agency, malformed), newest
 * first, read-only: nothing here can be accepted. A national auditor sees its own agency's stream's
 * refusals; the programme's auditors every agency's.
 */
@Injectable()
export class QuarantineReadService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(LIST_CURSOR) private readonly cursors: ListCursorCodec,
  ) {}

  async list(p: Principal, f: { limit: number; cursor?: string }): Promise<{ items: QuarantineItem[]; nextCursor: string | null }> {
    const after = f.cursor ? this.cursors.open(f.cursor, p) : null;
    const rows = await queryRows<{ id: string; agency: string; subject: string; stream_sequence: string; reason: string; raw: string; received_at: Date }>(
      this.db,
      sql`SELECT id, agency, subject, stream_sequence, reason, left(raw, 20000) AS raw, received_at FROM hub_quarantine
         WHERE ${sql.and(p.agency !== PROGRAMME_AGENCY && sql`agency = ${p.agency}`, after !== null && sql`id < ${after}::bigint`)}
         ORDER BY id DESC LIMIT ${f.limit + 1}`,
    );
    const page = rows.slice(0, f.limit);
    return {
      items: page.map((r) => ({
        agency: r.agency,
        position: Number(r.stream_sequence),
        subject: r.subject,
        reason: r.reason,
        receivedAt: new Date(r.received_at).toISOString(),
        ...claimedIdentity(r.raw),
      })),
      nextCursor: rows.length > f.limit ? this.cursors.seal(page[page.length - 1].id, p) : null,
    };
  }
}

import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@cix/auth';
import type { HubEnv } from '@cix/config';
import { isSealed, type WireEvent } from '@cix/contracts';
import { EventStore, TrustStore, isCheckpointLine, isExportClaimsLine, verifyReplay, type SignedCheckpoint, type StreamVerdict } from '@cix/event-store';
import { HUB_CONFIG, HUB_LOG_AGENCY, TRUST_STORE } from '../../hub.tokens.js';
import { ACCESS_RECORDED, AccessLogService, type AccessRecord } from '../access-log.service.js';
import { AuditReplayService } from '../audit-replay.service.js';
import { publishedKeys, type PublishedKey } from '../keys/published-keys.js';

export interface ReportParams {
  readonly from?: string;
  readonly to: string;
  readonly agency?: string;
}

export interface AgencySummary {
  readonly agency: string;
  /** Events of the agency in the export (its whole log up to the checkpoint), and how many of them the caller got sealed. */
  readonly events: number;
  readonly sealed: number;
  /** Events recorded within the period (sealed stubs carry no time and are not dated). */
  readonly inPeriod: number;
  readonly checkpoint?: SignedCheckpoint;
}

export interface AuditReportData {
  readonly auditor: { readonly sub: string; readonly agency: string; readonly role: string };
  readonly params: ReportParams;
  readonly generatedAt: string;
  readonly scope: string[];
  readonly exportPath: string;
  readonly exportSha256: string;
  readonly exportLines: number;
  readonly agencies: AgencySummary[];
  readonly verdict: StreamVerdict;
  readonly keys: PublishedKey[];
  /** Access records within the period that the caller may read, by action and by reader's agency. */
  readonly accessByAction: Array<{ key: string; count: number }>;
  readonly accessByAgency: Array<{ key: string; count: number }>;
}

const tally = (m: Map<string, number>) => [...m].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

/**
 * What an audit report states, derived from the very export it comes with: the export as of the
 * period's end (`exportLines` with `asOf`), verified here with the same code as `cix verify`,
 * counted per agency, its SHA-256 taken. The auditor re-fetches that export and checks it with
 * `cix verify` against keys it obtained itself: the hub's verdict in the report is not the evidence.
 */
@Injectable()
export class AuditReportService {
  constructor(
    @Inject(AuditReplayService) private readonly replay: AuditReplayService,
    @Inject(AccessLogService) private readonly accessLog: AccessLogService,
    @Inject(EventStore) private readonly ownLog: EventStore,
    @Inject(TRUST_STORE) private readonly trust: TrustStore,
    @Inject(HUB_CONFIG) private readonly config: HubEnv,
  ) {}

  /** The export a report describes (NDJSON lines): the caller's scope as the hub held it at `to`. */
  exportLines(p: Principal, params: ReportParams, onEvent?: (e: WireEvent) => void): AsyncGenerator<string> {
    return this.replay.exportLines(p, params.agency ? { agency: params.agency } : {}, { asOf: params.to, onEvent });
  }

  /** Where the same export is fetched again (relative to the hub). */
  static exportPath(params: ReportParams): string {
    const q = new URLSearchParams(Object.entries({ agency: params.agency, to: params.to }).filter((e): e is [string, string] => !!e[1]));
    return `/api/audit/report/export?${q.toString()}`;
  }

  ownKey() {
    return { agency: HUB_LOG_AGENCY, keyId: this.config.HUB_SIGNING_KEY_ID, key: this.ownLog.publicKey() };
  }

  async data(p: Principal, params: ReportParams): Promise<AuditReportData> {
    // Deliveries queued before `to` belong to the log as of `to`.
    await this.accessLog.flush();
    const from = params.from ? Date.parse(params.from) : -Infinity;
    const to = Date.parse(params.to);
    const inPeriod = (t: string | undefined) => !!t && Date.parse(t) >= from && Date.parse(t) < to;
    const counts = new Map<string, { events: number; sealed: number; inPeriod: number }>();
    const checkpoints = new Map<string, SignedCheckpoint>();
    const byAction = new Map<string, number>();
    const byAgency = new Map<string, number>();
    const sha = createHash('sha256');
    let lines = 0;
    let scope: string[] = [];
    const exportLines = this.exportLines(p, params);
    async function* observed(): AsyncGenerator<string> {
      for await (const line of exportLines) {
        sha.update(line + '\n');
        lines++;
        const v = JSON.parse(line) as unknown;
        if (lines === 1) scope = (v as { agencies: string[] }).agencies;
        else if (isCheckpointLine(v)) checkpoints.set(v.checkpoint.agency, v.checkpoint);
        else if (!isExportClaimsLine(v)) {
          const e = v as WireEvent;
          const c = counts.get(e.agency) ?? { events: 0, sealed: 0, inPeriod: 0 };
          c.events++;
          if (isSealed(e)) c.sealed++;
          else if (inPeriod(e.recordedAt)) {
            c.inPeriod++;
            if (e.type === ACCESS_RECORDED) {
              const r = e.payload as AccessRecord;
              bump(byAction, r.action);
              bump(byAgency, r.agency);
            }
          }
          counts.set(e.agency, c);
        }
        yield line;
      }
    }
    const own = this.ownKey();
    const trust = new TrustStore();
    for (const k of this.trust.entries()) trust.add(k.agency, k.keyId, k.key.export({ type: 'spki', format: 'pem' }));
    trust.add(own.agency, own.keyId, own.key.export({ type: 'spki', format: 'pem' }));
    const verdict = await verifyReplay(observed(), trust);
    return {
      auditor: { sub: p.sub, agency: p.agency, role: p.role },
      params,
      generatedAt: new Date().toISOString(),
      scope,
      exportPath: AuditReportService.exportPath(params),
      exportSha256: sha.digest('hex'),
      exportLines: lines,
      agencies: scope.map((agency) => ({ agency, ...(counts.get(agency) ?? { events: 0, sealed: 0, inPeriod: 0 }), checkpoint: checkpoints.get(agency) })),
      verdict,
      keys: publishedKeys(this.trust, own).filter((k) => scope.includes(k.agency)),
      accessByAction: tally(byAction),
      accessByAgency: tally(byAgency),
    };
  }
}

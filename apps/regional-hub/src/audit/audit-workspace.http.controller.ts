import { Controller, Get, Inject, Ip, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, type Principal } from '@cix/auth';
import { NotFound } from '@cix/contracts';
import { Export } from '@cix/platform';
import { TRUST_STORE } from '../hub.tokens.js';
import type { TrustStore } from '@cix/event-store';
import { AccessLogService } from './access-log.service.js';
import { asOfPrincipal } from './as-of/as-of-view.js';
import { AsOfAlertsRequestDto, AsOfTrendsRequestDto } from './as-of/as-of.request.dto.js';
import { AsOfService } from './as-of/as-of.service.js';
import { sendExport } from './ndjson-export.js';
import { QuarantineRequestDto, ReportRequestDto } from './audit.request.dto.js';
import { publishedKeys } from './keys/published-keys.js';
import { QuarantineReadService } from './quarantine/quarantine-read.service.js';
import { renderAuditReport } from './report/audit-report.pdf.js';
import { AuditReportService, type ReportParams } from './report/audit-report.service.js';
import { AS_OF_ALERTS_SCHEMA, AS_OF_TRENDS_SCHEMA, KEYS_SCHEMA, QUARANTINE_SCHEMA } from './audit.response-schemas.js';

const auditorOnly = (p: Principal) => {
  if (p.role !== 'auditor') throw new NotFound('resource');
};

/** A report is as of `to`, never of a future the hub has not recorded yet (its export would not be reproducible). */
const reportParams = (f: ReportRequestDto): ReportParams => {
  const now = new Date().toISOString();
  return { from: f.from, to: f.to && Date.parse(f.to) < Date.parse(now) ? new Date(f.to).toISOString() : now, agency: f.agency };
};

/** The auditors' workspace beyond replay and timeline: as-of views, quarantine, published keys, the filed report. Every read is logged. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditWorkspaceHttpController {
  constructor(
    @Inject(AccessLogService) private readonly accessLog: AccessLogService,
    @Inject(AsOfService) private readonly asOf: AsOfService,
    @Inject(QuarantineReadService) private readonly quarantine: QuarantineReadService,
    @Inject(AuditReportService) private readonly report: AuditReportService,
    @Inject(TRUST_STORE) private readonly trust: TrustStore,
  ) {}

  /** The regional list exactly as `principal` (an agency's officers, or the programme's coordinators) would have seen it at `at`. */
  @Get('as-of/alerts')
  @ApiOkResponse({ description: 'OK', schema: AS_OF_ALERTS_SCHEMA })
  @ApiOperation({ summary: 'The regional list as a principal saw it at a moment' })
  async asOfAlerts(@CurrentPrincipal() p: Principal, @Query() f: AsOfAlertsRequestDto, @Ip() ip: string) {
    auditorOnly(p);
    const principal = asOfPrincipal(p, f.principal, f.role);
    await this.accessLog.record(p, 'audit.as-of.alerts', { details: { ...f }, ip });
    const page = await this.asOf.alerts(p, principal, f);
    const shown = page.items.flatMap((i) => ('id' in i && !('withdrawn' in i) ? [{ id: i.id, agency: i.agency }] : []));
    this.accessLog.delivered(p, 'audit.as-of.delivery', shown, { details: { principal: f.principal, at: f.at }, ip });
    return { principal: { agency: principal.agency, role: principal.role }, at: f.at, ...page };
  }

  /** Seizure figures as `principal` had them at `at`; alerts whose content the auditor may not be shown are counted in `withheld` only. */
  @Get('as-of/trends/seizures')
  @ApiOkResponse({ description: 'OK', schema: AS_OF_TRENDS_SCHEMA })
  @ApiOperation({ summary: 'Seizure figures as a principal saw them at a moment' })
  async asOfSeizures(@CurrentPrincipal() p: Principal, @Query() f: AsOfTrendsRequestDto, @Ip() ip: string) {
    auditorOnly(p);
    const principal = asOfPrincipal(p, f.principal, f.role);
    await this.accessLog.record(p, 'audit.as-of.trends', { details: { ...f }, ip });
    return { principal: { agency: principal.agency, role: principal.role }, at: f.at, ...(await this.asOf.seizures(p, principal, f)) };
  }

  /** Messages the hub refused, newest first; read-only. */
  @Get('quarantine')
  @ApiOkResponse({ description: 'OK', schema: QUARANTINE_SCHEMA })
  @ApiOperation({ summary: 'Messages the hub refused (read-only)' })
  async quarantineList(@CurrentPrincipal() p: Principal, @Query() f: QuarantineRequestDto, @Ip() ip: string) {
    auditorOnly(p);
    await this.accessLog.record(p, 'audit.quarantine.read', { ip });
    return this.quarantine.list(p, f);
  }

  /** The node keys the hub trusts and its own, for a verifier to offer for pinning (the hub's word, not evidence). */
  @Get('keys')
  @ApiOkResponse({ description: 'OK', schema: KEYS_SCHEMA })
  @ApiOperation({ summary: 'The node keys the hub trusts and its own, with fingerprints' })
  async keys(@CurrentPrincipal() p: Principal, @Ip() ip: string) {
    auditorOnly(p);
    await this.accessLog.record(p, 'audit.keys.read', { ip });
    return { keys: publishedKeys(this.trust, this.report.ownKey()) };
  }

  /** The audit report (PDF): scope, period, counts and chain tips, checkpoints, keys, verification, access summary, how to reproduce. */
  @Get('report')
  @ApiOperation({ summary: 'The audit report (PDF) for a scope and period' })
  @Export()
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description: 'the report; header `Cix-Report-Export` names the export it describes',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  })
  async reportPdf(@CurrentPrincipal() p: Principal, @Query() f: ReportRequestDto, @Ip() ip: string, @Res() res: Response): Promise<void> {
    auditorOnly(p);
    const params = reportParams(f);
    await this.accessLog.record(p, 'audit.report', { details: { ...params }, ip });
    const pdf = await renderAuditReport(await this.report.data(p, params));
    res
      .status(200)
      .type('application/pdf')
      .setHeader('Content-Disposition', `attachment; filename="cix-audit-report-${params.to.replace(/[:.]/g, '-')}.pdf"`)
      .setHeader('Cix-Report-Export', AuditReportService.exportPath(params))
      .end(pdf);
  }

  /** The NDJSON export a report describes: the caller's scope as the hub held it at `to`; `cix verify` checks it. */
  @Get('report/export')
  @ApiOperation({ summary: 'The NDJSON export an audit report describes' })
  @Export()
  @ApiProduces('application/x-ndjson')
  @ApiOkResponse({
    description: 'NDJSON: header, events, a signed checkpoint per agency, the signed export claims',
    content: { 'application/x-ndjson': { schema: { type: 'string' } } },
  })
  async reportExport(@CurrentPrincipal() p: Principal, @Query() f: ReportRequestDto, @Ip() ip: string, @Res() res: Response): Promise<void> {
    auditorOnly(p);
    const params = reportParams(f);
    await this.accessLog.record(p, 'audit.report.export', { details: { ...params }, ip });
    await sendExport(res, (onEvent) => this.report.exportLines(p, params, onEvent), { accessLog: this.accessLog, principal: p, ip });
  }
}

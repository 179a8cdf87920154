import { Controller, Get, Headers, Inject, Ip, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { IsOptional } from 'class-validator';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@cix/auth';
import { NotFound, IsInstant } from '@cix/contracts';
import { GetHubAlertQuery } from './get-alert/get-hub-alert.query.js';
import { ListHubAlertsQuery } from './list-alerts/list-hub-alerts.query.js';
import { ListHubAlertsRequestDto } from './list-alerts/list-alerts.request.dto.js';
import type { HubAlertPage } from './list-alerts/list-hub-alerts.handler.js';
import type { HubAlertView } from '../domain/hub-alert.view.js';
import { AccessLogService } from '../../audit/access-log.service.js';
import { AlertHistoryService } from '../../audit/alert-history.service.js';
import { csvAttachmentHeaders, Export, ReferenceDataService, toCsv } from '@cix/platform';
import { acceptsStix, STIX_MEDIA_TYPE, toStixBundle, type StixBundle } from '@cix/stix';
import { ALERT_LIST_CSV_HEADER, alertListCsvRow, wantsCsv } from './list-alerts/alert-list.csv.js';

export const alertIdPipe = new ParseUUIDPipe({ exceptionFactory: () => new NotFound('alert') });

export class GetHubAlertRequestDto {
  @IsOptional() @IsInstant() readonly asOf?: string;
}

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('alerts')
export class HubAlertsHttpController {
  constructor(
    private readonly queries: QueryBus,
    @Inject(AlertHistoryService) private readonly history: AlertHistoryService,
    @Inject(AccessLogService) private readonly accessLog: AccessLogService,
    @Inject(ReferenceDataService) private readonly reference: ReferenceDataService,
  ) {}

  /**
   * Lists and searches deliver content too: the ids each page delivered are recorded (batched).
   * With `Accept: application/stix+json;version=2.1`, the page is one STIX bundle and the next
   * page's cursor travels in the `Next-Cursor` header. With `Accept: text/csv`, the page is a
   * formula-safe CSV attachment (cursor in `Next-Cursor` too), also recorded as an export.
   */
  @Get()
  @ApiProduces('application/json', 'text/csv')
  @Export({ whenAccepts: 'text/csv' })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() filters: ListHubAlertsRequestDto,
    @Ip() ip: string,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<HubAlertPage | StixBundle | string> {
    const page = await this.queries.execute<ListHubAlertsQuery, HubAlertPage>(new ListHubAlertsQuery(principal, filters));
    const format = acceptsStix(accept) ? 'stix' : wantsCsv(accept) ? 'csv' : 'json';
    // Like the trends' CSV, the export itself is written before the answer is sent.
    if (format === 'csv') await this.accessLog.record(principal, 'alert.list.export', { details: { ...filters }, ip });
    this.accessLog.delivered(principal, filters.q || filters.company || filters.billOfLading ? 'alert.search' : 'alert.list', page.items, {
      ip,
      details: { ...filters, ...(format === 'json' ? {} : { format }) },
    });
    res.vary('Accept');
    if (format === 'json') return page;
    if (page.nextCursor) res.setHeader('Next-Cursor', page.nextCursor);
    if (format === 'stix') return this.stix(res, page.items);
    res.set(csvAttachmentHeaders('cix-alerts'));
    return toCsv(ALERT_LIST_CSV_HEADER, page.items.map(alertListCsvRow), filters.delimiter);
  }

  /** One alert; `asOf` shows it exactly as the caller would have seen it then. Every read is recorded. */
  @Get(':id')
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', alertIdPipe) id: string,
    @Query() q: GetHubAlertRequestDto,
    @Ip() ip: string,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<HubAlertView | StixBundle> {
    const view = q.asOf
      ? await this.history.asOf(principal, id, q.asOf)
      : await this.queries.execute<GetHubAlertQuery, HubAlertView>(new GetHubAlertQuery(principal, id));
    const stix = acceptsStix(accept);
    const details = { ...(q.asOf ? { asOf: q.asOf } : {}), ...(stix ? { format: 'stix' } : {}) };
    await this.accessLog.record(principal, q.asOf ? 'alert.read-as-of' : 'alert.read', {
      alertId: id,
      ip,
      ...(Object.keys(details).length ? { details } : {}),
    });
    res.vary('Accept');
    return stix ? this.stix(res, [view]) : view;
  }

  /** Built from the caller's view (personal data already withheld), never from raw state. */
  private stix(res: Response, views: HubAlertView[]): StixBundle {
    res.setHeader('Content-Type', STIX_MEDIA_TYPE);
    const names = new Map(this.reference.data.agencies.map((a) => [a.code, a.name]));
    return toStixBundle(views, { agencyName: (code) => names.get(code) });
  }
}

import { Controller, Get, HttpCode, Inject, Ip, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { CurrentPrincipal, Roles, type Principal } from '@cix/auth';
import { DomainError, ErrorCode, ValidationFailed } from '@cix/contracts';
import { AccessLogService } from '../audit/access-log.service.js';
import { ImportWatchlistService, type ImportedVersion } from './import/import-watchlist.service.js';
import type { WatchlistFileRequest } from './import/watchlist-file.middleware.js';
import { WATCHLIST_CSV_COLUMNS } from './import/watchlist.csv.js';
import { DEFAULT_UN_LIST, ImportWatchlistRequestDto } from './watchlists.request.dto.js';

export interface WatchlistSummary {
  readonly list: string;
  readonly version: number;
  readonly entries: number;
  readonly format: string;
  readonly importedAt: string;
  /** Whether every alert has been screened against this version yet (the background re-screen). */
  readonly screened: boolean;
}

@ApiTags('watchlists')
@ApiBearerAuth()
@Controller('watchlists')
export class WatchlistsHttpController {
  constructor(
    @Inject(ImportWatchlistService) private readonly imports: ImportWatchlistService,
    @Inject(AccessLogService) private readonly accessLog: AccessLogService,
    @Inject(DataSource) private readonly db: DataSource,
  ) {}

  /**
   * A new version of a watch list (programme coordinators): the UN Security Council Consolidated
   * List XML (`application/xml`) or the generic CSV (`text/csv`, columns
   * reference, kind, name, aliases, listed_on). Every alert is then screened against it again, in
   * the background.
   */
  @Post('imports')
  @ApiOperation({ summary: 'Import a watch list as its next version (coordinators)' })
  @HttpCode(201)
  @Roles('coordinator')
  @ApiConsumes('application/xml', 'text/csv')
  @ApiBody({ description: `UN consolidated list XML, or CSV with the columns ${WATCHLIST_CSV_COLUMNS.join(', ')}`, schema: { type: 'string' } })
  async import(
    @CurrentPrincipal() principal: Principal,
    @Query() q: ImportWatchlistRequestDto,
    @Req() req: WatchlistFileRequest & { headers: Record<string, string | string[] | undefined> },
    @Ip() ip: string,
  ): Promise<ImportedVersion> {
    if (req.watchlistFileTooLarge)
      throw new DomainError(ErrorCode.PayloadTooLarge, 'the watch-list file is larger than this hub accepts (WATCHLIST_IMPORT_MAX_BYTES)');
    if (req.watchlistFile === undefined)
      throw new ValidationFailed([{ field: 'Content-Type', rule: 'mediaType', message: 'send the file as application/xml (UN list) or text/csv' }]);
    const type = String(req.headers['content-type'] ?? '').toLowerCase();
    const format = q.format ?? (type.startsWith('text/csv') ? 'csv' : 'un-xml');
    const list = q.list ?? (format === 'un-xml' ? DEFAULT_UN_LIST : undefined);
    if (!list) throw new ValidationFailed([{ field: 'list', rule: 'required', message: 'name the list a CSV import is a version of (?list=)' }]);
    const imported = await this.imports.import(principal, list, format, req.watchlistFile);
    await this.accessLog.record(principal, 'watchlist.import', { details: { ...imported }, ip });
    return imported;
  }

  /** Every list with its current version. Names of lists and counts only: no entry, no hit. */
  @Get()
  @ApiOperation({ summary: 'Watch lists and their current versions' })
  async list(): Promise<{ items: WatchlistSummary[] }> {
    const rows = await this.db.query<Array<{ name: string; version: number; entries: number; format: string; imported_at: Date; screened: boolean }>>(
      `SELECT w.name, v.version, v.entries, v.format, v.imported_at, v.screened_at IS NOT NULL AS screened
         FROM hub_watchlists w JOIN hub_watchlist_versions v ON v.list = w.name AND v.version = w.current_version ORDER BY w.name`,
    );
    return {
      items: rows.map((r) => ({
        list: r.name,
        version: r.version,
        entries: r.entries,
        format: r.format,
        importedAt: new Date(r.imported_at).toISOString(),
        screened: r.screened,
      })),
    };
  }
}

import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { eventForCaller } from '@cix/access-control';
import { CurrentPrincipal, type Principal } from '@cix/auth';
import { NotFound, IsInstant } from '@cix/contracts';
import { Export } from '@cix/platform';
import { EventStore, toWire, type StoredEvent } from '@cix/event-store';

export class NodeReplayRequestDto {
  @IsOptional() @Matches(/^\d{1,18}$/, { message: 'after must be a position' }) readonly after?: string;
  /** `wire`: as the events crossed the bus (national-only ones sealed), for rebuilding the hub. */
  @IsOptional() @IsIn(['stored', 'wire']) readonly form?: 'stored' | 'wire';
  @IsOptional() @IsInstant() readonly to?: string;
}

/** The node's whole log for its own auditors, as NDJSON, exactly as stored and signed. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class NodeAuditHttpController {
  constructor(@Inject(EventStore) private readonly store: EventStore) {}

  @Get('events')
  @ApiProduces('application/x-ndjson')
  @Export()
  async events(@CurrentPrincipal() p: Principal, @Query() q: NodeReplayRequestDto, @Res() res: Response): Promise<void> {
    if (p.role !== 'auditor' || p.agency !== this.store.agency) throw new NotFound('resource');
    res.status(200).type('application/x-ndjson');
    const after = Number(q.after ?? 0);
    const header = {
      kind: 'cix-replay',
      version: 1,
      exportedAt: new Date().toISOString(),
      agencies: [this.store.agency],
      filters: { ...q },
      complete: after === 0 && !q.to,
    };
    res.write(JSON.stringify(header) + '\n');
    let written = 0;
    // The head, signed now; the export ends there and then carries it, so cix verify notices an
    // export cut short (events ending before it) or edited to look complete.
    const checkpoint = await this.store.signedCheckpoint();
    for (let position = after; position < checkpoint.position;) {
      const batch = (await this.store.readAll(position, 1000)).filter((e) => e.position <= checkpoint.position);
      const inRange = q.to ? batch.filter((e) => e.recordedAt < q.to!) : batch;
      for (const e of inRange) {
        const { confidential: _c, ...event }: StoredEvent = e;
        // Persons go out only to whom the one personal-data rule allows; the digests keep the line verifiable.
        const line = eventForCaller(p, { agency: e.agency, level: 'agency', recipients: [] }, q.form === 'wire' ? toWire(e).message : event);
        written++;
        if (!res.write(JSON.stringify(line) + '\n')) await new Promise((r) => res.once('drain', r));
      }
      if (batch.length < 1000 || inRange.length < batch.length) break;
      position = batch[batch.length - 1].position;
    }
    res.write(JSON.stringify({ checkpoint }) + '\n');
    // The header is unsigned; the node signs what it claims, so a cut export cannot be relabelled as filtered.
    const { kind: _k, version: _v, ...claims } = header;
    res.write(JSON.stringify(this.store.signExportClaims({ ...claims, expected: written, checkpoints: { [checkpoint.agency]: checkpoint.position } })) + '\n');
    res.end();
  }
}

import type { Response } from 'express';
import type { Principal } from '@cix/auth';
import type { WireEvent } from '@cix/contracts';
import type { AccessLogService } from './access-log.service.js';
import { deliveredAlert } from './audit-replay.service.js';

/**
 * Streams an export's lines with backpressure, then records the alerts whose content it delivered
 * (also when the client went away half-way: what was written may have been read).
 */
export async function sendExport(
  res: Response,
  lines: (onEvent: (e: WireEvent) => void) => AsyncIterable<string>,
  log: { accessLog: AccessLogService; principal: Principal; ip: string },
): Promise<void> {
  res.status(200).type('application/x-ndjson').setHeader('Cache-Control', 'no-store');
  const delivered = new Map<string, { id: string; agency: string }>();
  const onEvent = (e: WireEvent) => {
    const alert = deliveredAlert(e);
    if (alert) delivered.set(alert.id, alert);
  };
  try {
    for await (const line of lines(onEvent)) {
      if (!res.write(line + '\n')) await new Promise((r) => res.once('drain', r));
    }
  } finally {
    log.accessLog.delivered(log.principal, 'audit.events.delivery', delivered.values(), { ip: log.ip });
  }
  res.end();
}

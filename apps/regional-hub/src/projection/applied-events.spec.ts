import { describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { JetStreamBatchContext } from '@cix/messaging';
import { ServiceMetrics } from '@cix/platform';
import { AppliedEvents } from './applied-events.js';

// A compromised node chooses the relay header and its events' metadata: what the hub logs as the
// request id must be an id (bounded, printable), like X-Request-Id at the node — not 500 kB of text.
describe('AppliedEvents', () => {
  const logged = (headerId: string | undefined, correlationId: unknown) => {
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    try {
      const ctx = new JetStreamBatchContext('AZ', [{ subject: 'cix.AZ', streamSequence: 1, deliveryCount: 1, requestId: headerId }]);
      new AppliedEvents(new ServiceMetrics('hub')).record(ctx, [{ metadata: { correlationId } }], [{ kind: 'applied' } as never]);
      return log.mock.calls.map((c) => c[0] as { requestId?: unknown });
    } finally {
      log.mockRestore();
    }
  };

  it('logs a sane request id', () => {
    expect(logged('req-1', undefined)).toEqual([expect.objectContaining({ requestId: 'req-1' })]);
  });

  it('does not log a hostile one as the request id', () => {
    for (const hostile of ['x'.repeat(500_000), 'a"}\n{"level":"error', '\u0000']) {
      expect(logged(undefined, hostile)).toEqual([]);
      expect(logged(hostile, undefined)).toEqual([]);
    }
  });
});

import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, NotFound } from '@cix/contracts';
import type { NodeEnv } from '@cix/config';
import { NODE_CONFIG } from '../node.tokens.js';

export interface VisibleAlert {
  readonly id: string;
  readonly agency: string;
  readonly kind: string;
  readonly status: string;
}

/**
 * Asks the hub, with the caller's own token, whether the caller can see another agency's alert.
 * The hub is where the access policy lives; the node never decides about other agencies' alerts.
 */
@Injectable()
export class HubClient {
  constructor(@Inject(NODE_CONFIG) private readonly config: NodeEnv) {}

  async visibleAlert(alertId: string, bearerToken: string): Promise<VisibleAlert> {
    let res: Response;
    try {
      res = await fetch(`${this.config.HUB_URL}/api/alerts/${encodeURIComponent(alertId)}`, {
        headers: { authorization: `Bearer ${bearerToken}` },
        signal: AbortSignal.timeout(5000),
      });
    } catch (e) {
      throw new DomainError(ErrorCode.HubUnavailable, `the regional hub cannot be reached (${(e as Error).message}); retry later`);
    }
    if (res.status === 404) throw new NotFound('alert');
    if (!res.ok) throw new DomainError(ErrorCode.HubUnavailable, `the regional hub answered ${res.status}; retry later`);
    return (await res.json()) as VisibleAlert;
  }
}

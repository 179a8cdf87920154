import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, NotFound } from '@cix/contracts';
import type { NodeEnv } from '@cix/config';
import { NODE_CONFIG } from '../../node.tokens.js';

/** A hit as the hub shows it to the caller's agency (only the fields the node decides on). */
export interface HubHit {
  readonly hitId: string;
  readonly side: 'requester' | 'owner';
}

/** A request for information as the hub shows it to the caller's agency. */
export interface HubInformationRequest {
  readonly requestId: string;
  readonly hitId: string;
  readonly side: 'requester' | 'owner';
  readonly requesterAgency: string;
  readonly ownAlert?: { readonly agency: string; readonly alertId: string };
}

/**
 * Asks the hub, with the caller's own token, about a hit or a request: the hub holds the hits and
 * decides who may see them, so a hit of another agency (or a guessed id) is a 404 here as there.
 */
@Injectable()
export class DiscoveryHubClient {
  constructor(@Inject(NODE_CONFIG) private readonly config: NodeEnv) {}

  hit(hitId: string, bearerToken: string): Promise<HubHit> {
    return this.get(`/api/discovery/hits/${encodeURIComponent(hitId)}`, bearerToken, 'hit');
  }

  request(requestId: string, bearerToken: string): Promise<HubInformationRequest> {
    return this.get(`/api/discovery/requests/${encodeURIComponent(requestId)}`, bearerToken, 'information request');
  }

  private async get<T>(path: string, bearerToken: string, what: string): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.config.HUB_URL}${path}`, { headers: { authorization: `Bearer ${bearerToken}` }, signal: AbortSignal.timeout(5000) });
    } catch (e) {
      throw new DomainError(ErrorCode.HubUnavailable, `the regional hub cannot be reached (${(e as Error).message}); retry later`);
    }
    if (res.status === 404) throw new NotFound(what);
    if (!res.ok) throw new DomainError(ErrorCode.HubUnavailable, `the regional hub answered ${res.status}; retry later`);
    return (await res.json()) as T;
  }
}

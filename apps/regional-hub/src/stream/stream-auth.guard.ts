import { Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { AuthenticationError, TOKEN_VERIFIER, TokenVerifier, type Principal } from '@cix/auth';
import { ErrorCode } from '@cix/contracts';
import { StreamTickets } from './stream-tickets.js';

interface StreamRequest {
  headers: { authorization?: string };
  query: Record<string, unknown>;
  principal?: Principal;
}

const refused = (message: string) => new UnauthorizedException({ code: ErrorCode.Unauthenticated, message });

/**
 * The live feed accepts a stream ticket (`?ticket=`, for EventSource, which cannot send headers)
 * or, as every other route, a bearer token. A used, expired or unknown ticket is a 401.
 */
@Injectable()
export class StreamAuthGuard implements CanActivate {
  constructor(
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
    @Inject(StreamTickets) private readonly tickets: StreamTickets,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<StreamRequest>();
    const ticket = req.query.ticket;
    if (ticket !== undefined) {
      const principal = typeof ticket === 'string' ? await this.tickets.redeem(ticket) : null;
      if (!principal) throw refused('the stream ticket is used, expired or unknown: ask for a new one');
      req.principal = principal;
      return true;
    }
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!m) throw refused('bearer token or stream ticket required');
    try {
      req.principal = await this.verifier.verify(m[1]);
      return true;
    } catch (e) {
      if (e instanceof AuthenticationError) throw refused(e.message);
      throw e;
    }
  }
}

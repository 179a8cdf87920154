import { createParamDecorator, SetMetadata, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Injectable, Inject } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { TokenVerifier, AuthenticationError } from './token-verifier.js';
import type { Principal } from '@cix/contracts';
import { ErrorCode } from '@cix/contracts';

/** The part of an HTTP request the guard reads and writes. */
interface AuthenticatedRequest {
  headers?: { authorization?: string };
  principal?: Principal;
}

export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');
const PUBLIC = 'cix:public';
/** Marks a route that needs no token (health only): everything else is denied by default. */
export const Public = () => SetMetadata(PUBLIC, true);

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, [ctx.getHandler(), ctx.getClass()])) return true;
    const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = req.headers?.authorization;
    const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!m) throw new UnauthorizedException({ code: ErrorCode.Unauthenticated, message: 'bearer token required' });
    try {
      req.principal = await this.verifier.verify(m[1]);
      return true;
    } catch (e) {
      if (e instanceof AuthenticationError) throw new UnauthorizedException({ code: ErrorCode.Unauthenticated, message: e.message });
      throw e;
    }
  }
}

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  return ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal as Principal;
});

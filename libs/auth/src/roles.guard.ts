import { applyDecorators, Injectable, SetMetadata, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, ErrorCode } from '@cix/contracts';
import type { Principal, Role } from '@cix/contracts';

const ROLES_KEY = 'cix:roles';

/**
 * Runs after the global AuthGuard and before any pipe or handler: a caller without one of these
 * roles is refused before the body is transformed (CSV rows built, DTOs instantiated).
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(ctx: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [ctx.getHandler(), ctx.getClass()]);
    if (!roles) return true;
    const principal = ctx.switchToHttp().getRequest<{ principal?: Principal }>().principal;
    if (!principal || !roles.includes(principal.role)) throw new DomainError(ErrorCode.Forbidden, `only ${roles.join(' or ')} callers can do this`);
    return true;
  }
}

/** Only callers with one of `roles` reach this route (the AuthGuard has verified the token). */
export const Roles = (...roles: Role[]) => applyDecorators(SetMetadata(ROLES_KEY, roles), UseGuards(RolesGuard));

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Principal } from '@cix/auth';
import { ValidationFailed } from '@cix/contracts';
import { applyDecorators } from '@nestjs/common';
import { IsOptional, Matches } from 'class-validator';

export const LIST_CURSOR = Symbol('LIST_CURSOR');

const CURSOR_REFUSED = 'cursor is not a nextCursor issued to you (it may be from another caller or from before a key change): start again without cursor';

const INVALID = () => new ValidationFailed([{ field: 'cursor', rule: 'cursor', message: CURSOR_REFUSED }]);

/** The `cursor` query field of a paged list: shaped like a sealed cursor, or refused with the same words as a forged one. */
export const IsPageCursor = () => applyDecorators(IsOptional(), Matches(/^[A-Za-z0-9_-]{1,100}$/, { message: CURSOR_REFUSED }));

/**
 * Page cursors are sealed (AES-256-GCM, bound to the caller): the position they carry is the hub's
 * global projection sequence, whose gaps would count the writes the caller may not see. A cursor
 * says nothing to its holder and cannot be forged, edited or used by another caller.
 */
export class ListCursorCodec {
  private constructor(private readonly key: Buffer) {}

  /** `hexKey` (HUB_CURSOR_KEY) lets replicas and restarts share cursors; without it each process draws its own. */
  static create(hexKey?: string): ListCursorCodec {
    return new ListCursorCodec(hexKey ? Buffer.from(hexKey, 'hex') : randomBytes(32));
  }

  seal(position: string, p: Principal): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv).setAAD(binding(p));
    const body = Buffer.concat([c.update(position, 'utf8'), c.final()]);
    return Buffer.concat([iv, body, c.getAuthTag()]).toString('base64url');
  }

  /** The position a cursor carries; a cursor that is not one this hub gave this caller is a 400. */
  open(cursor: string, p: Principal): string {
    const raw = Buffer.from(cursor, 'base64url');
    if (raw.length < 12 + 1 + 16 || raw.length > 64) throw INVALID();
    try {
      const d = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12)).setAAD(binding(p));
      d.setAuthTag(raw.subarray(raw.length - 16));
      const position = Buffer.concat([d.update(raw.subarray(12, raw.length - 16)), d.final()]).toString('utf8');
      if (!/^\d{1,18}$/.test(position)) throw INVALID();
      return position;
    } catch {
      throw INVALID();
    }
  }
}

const binding = (p: Principal) => Buffer.from(`${p.agency}\u0000${p.role}\u0000${p.sub}`, 'utf8');

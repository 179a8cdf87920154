import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { UNSAFE_KEYS, ValidationFailed, type FieldError } from '@cix/contracts';

/** Deeper than any request of the API needs (a bulk report's party name is 4 levels down). */
export const MAX_INPUT_DEPTH = 32;
/** Errors collected by the walk; the rest are only counted. */
const MAX_COLLECTED = 100;
/** Bounded so that a key can never overflow the idempotency index and fail a whole group commit. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,128}$/;
// C0 controls other than tab, line feed and carriage return: PostgreSQL refuses NUL in text and
// jsonb, and none of them belongs in a report.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
// In a `u` pattern a surrogate pair is one code point, so this matches only unpaired halves.
const LONE_SURROGATE = /[\ud800-\udfff]/u;

type Where = 'body' | 'query' | 'params';

/**
 * Walks a parsed request part without recursion (a recursive walk would itself overflow on a
 * hostile depth) and lists what may never reach validation, transformation or the database:
 * nesting beyond MAX_INPUT_DEPTH, keys that address a prototype, control characters and lone
 * UTF-16 surrogates in any string or key, objects in a query string.
 */
export function inspectInput(value: unknown, where: Where): { errors: FieldError[]; total: number } {
  const errors: FieldError[] = [];
  let total = 0;
  const add = (field: string, rule: string, message: string) => {
    total++;
    if (errors.length < MAX_COLLECTED) errors.push({ field, rule, message });
  };
  const checkText = (s: string, field: string) => {
    if (CONTROL_CHARS.test(s)) add(field, 'noControlChars', `${field} must not contain control characters such as NUL`);
    else if (LONE_SURROGATE.test(s)) add(field, 'wellFormedUnicode', `${field} must be well-formed Unicode (no lone surrogates)`);
  };
  const stack: Array<{ v: unknown; path: string; depth: number }> = [{ v: value, path: '', depth: 0 }];
  while (stack.length) {
    const { v, path, depth } = stack.pop()!;
    const field = path || where;
    if (typeof v === 'string') {
      checkText(v, field);
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (where === 'query' && depth > 0 && !(Array.isArray(v) && depth === 1)) {
      add(field, 'nestedQuery', `${field} must be a plain value`);
      continue;
    }
    if (depth >= MAX_INPUT_DEPTH) {
      add(field, 'maxDepth', `${field}: nested deeper than ${MAX_INPUT_DEPTH} levels`);
      continue;
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: `${path}[${i}]`, depth: depth + 1 });
      continue;
    }
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      const child = path ? `${path}.${key}` : key;
      // Query keys are checked per bracket/dot segment too, should a nesting query parser ever be configured.
      if (UNSAFE_KEYS.has(key) || (where === 'query' && key.split(/[[\].]+/).some((k) => UNSAFE_KEYS.has(k)))) {
        add(child, 'forbiddenKey', `${child} is not a field name this API accepts`);
        continue;
      }
      const before = total;
      checkText(key, child);
      if (total === before) stack.push({ v: (v as Record<string, unknown>)[key], path: child, depth: depth + 1 });
    }
  }
  return { errors, total };
}

/**
 * The edge check of every HTTP request, after authentication and before any pipe: what it refuses
 * is a 400 naming the field, so hostile input can neither crash a transformation nor poison a
 * database transaction that other callers' writes share.
 */
@Injectable()
export class InputShapeInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<{ body?: unknown; query?: unknown; params?: unknown; headers: Record<string, string | string[] | undefined> }>();
    const key = req.headers['idempotency-key'];
    if (key !== undefined && (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key))) {
      throw new ValidationFailed([{ field: 'Idempotency-Key', rule: 'format', message: 'Idempotency-Key must be 1-128 visible ASCII characters' }]);
    }
    const errors: FieldError[] = [];
    let total = 0;
    for (const where of ['params', 'query', 'body'] as const) {
      const found = inspectInput(req[where], where);
      errors.push(...found.errors);
      total += found.total;
    }
    if (total) throw new ValidationFailed(errors.slice(0, MAX_COLLECTED), total);
    return next.handle();
  }
}

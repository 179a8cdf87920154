import { getMetadataStorage } from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';
// class-transformer keeps `@Type(() => X)` here; the package has no exports map, so the deep import is its public storage.
import { defaultMetadataStorage } from 'class-transformer/cjs/storage.js';

/**
 * One source of truth for request shapes: the class-validator rules that check a request are turned
 * into the OpenAPI schema that describes it (no hand-written @ApiProperty that could drift).
 * Our own rules (decorators.ts) are described here by rule name; an unknown rule only loses detail.
 */
type Schema = Record<string, unknown>;
// class-validator and class-transformer key their metadata by the decorated class, typed as plain Function.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- matches their storage's own typing
type Class = Function;
type Meta = { type: string; name?: string; propertyName: string; constraints?: unknown[]; each?: boolean };

const RULE_SCHEMAS: Record<string, (c: unknown[]) => Schema> = {
  isString: () => ({ type: 'string' }),
  isBoolean: () => ({ type: 'boolean' }),
  isNumber: () => ({ type: 'number' }),
  isInt: () => ({ type: 'integer' }),
  isPositive: () => ({ exclusiveMinimum: 0 }),
  min: (c) => ({ minimum: c[0] }),
  max: (c) => ({ maximum: c[0] }),
  isIn: (c) => ({ enum: [...(c[0] as unknown[])] }),
  isLength: (c) => ({ type: 'string', minLength: c[0], ...(c[1] !== undefined ? { maxLength: c[1] } : {}) }),
  minLength: (c) => ({ type: 'string', minLength: c[0] }),
  maxLength: (c) => ({ type: 'string', maxLength: c[0] }),
  matches: (c) => ({ type: 'string', pattern: (c[0] as RegExp).source }),
  isUuid: () => ({ type: 'string', format: 'uuid' }),
  isIso8601: () => ({ type: 'string', format: 'date-time' }),
  isObject: () => ({ type: 'object' }),
  isArray: () => ({ type: 'array' }),
  arrayNotEmpty: () => ({ minItems: 1 }),
  arrayMaxSize: (c) => ({ maxItems: c[0] }),
  arrayMinSize: (c) => ({ minItems: c[0] }),
  iso6346: () => ({ type: 'string', pattern: '^[A-Za-z]{3}[UJZujz][\\s-]?\\d{6}[\\s-]?\\d$', description: 'ISO 6346 container number with a valid check digit (spaces and dashes allowed)' }),
  imoFormat: () => ({ type: 'string', pattern: '^(?:[Ii][Mm][Oo]\\s?)?\\d{7}$', description: 'IMO ship number; a wrong check digit is accepted with a warning' }),
  unLocode: () => ({ type: 'string', pattern: '^[A-Z]{2}[A-Z2-9]{3}$', description: 'UN/LOCODE' }),
  hsCode: () => ({ type: 'string', pattern: '^\\d{6,10}$', description: 'HS code, 6 to 10 digits' }),
  countryCode: () => ({ type: 'string', pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 country code' }),
  notInFuture: () => ({ type: 'string', format: 'date-time', description: 'not later than now (15 minutes of clock skew allowed)' }),
};

// Keys that belong to an array's items when a rule is declared with `each`.
const ITEM_KEYS = new Set(['type', 'enum', 'minLength', 'maxLength', 'pattern', 'format', 'minimum', 'maximum', 'exclusiveMinimum', 'description']);

function schemaOf(target: Class, property: string, metas: Meta[], examples: Record<string, unknown> | undefined): { schema: Schema; required: boolean } {
  let schema: Schema = {};
  const items: Schema = {};
  let required = true;
  let nested = false;
  for (const m of metas) {
    if (m.type === 'conditionalValidation') { required = false; continue; } // @IsOptional, @ValidateIf
    if (m.type === 'isDefined') continue;
    if (m.type === 'nestedValidation') { nested = true; continue; }
    const make = m.name ? RULE_SCHEMAS[m.name] : undefined;
    if (!make) continue;
    const part = make(m.constraints ?? []);
    if (m.each) {
      schema.type = 'array';
      for (const [k, v] of Object.entries(part)) if (ITEM_KEYS.has(k)) items[k] = v;
    } else if (schema.type === 'array' && part.type === 'string') {
      // a string rule declared on a list (e.g. @Matches without `each`) is checked per entry
      Object.assign(items, part);
    } else {
      // @IsObject beside a more precise type rule must not replace it
      schema = { ...schema, ...part, ...(schema.type && part.type === 'object' ? { type: schema.type } : {}) };
    }
  }
  const typeFn = defaultMetadataStorage.findTypeMetadata(target, property);
  const nestedType = nested ? typeFn?.typeFunction() : undefined;
  const out: Schema = { ...schema };
  if (nestedType) {
    out.type = nestedType;
    if (schema.type === 'array') out.isArray = true;
  } else if (schema.type === 'array') {
    out.items = items.type ? items : { ...items, type: 'string' };
  } else if (!schema.type && typeFn && !nested) {
    // @Type(() => Number) on a query parameter without another type rule
    const t = typeFn.typeFunction();
    if (t === Number) out.type = 'number';
  }
  const example = examples?.[property];
  if (example !== undefined) out.example = example;
  return { schema: out, required };
}

const described = new WeakSet<Class>();

/**
 * Describes every class that has class-validator rules (request bodies and query DTOs) for
 * @nestjs/swagger, as if each property carried @ApiProperty. Idempotent; call before createDocument.
 * `examples`: by class name, an example object whose values become each property's `example`.
 */
export function describeValidatedClasses(examples: Record<string, Record<string, unknown>> = {}): void {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<Class | string, Meta[]> };
  for (const [target, metas] of storage.validationMetadatas) {
    if (typeof target !== 'function' || described.has(target)) continue;
    described.add(target);
    const byProperty = new Map<string, Meta[]>();
    for (const m of metas) byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m]);
    // Inherited rules are stored under the parent: include them so a subclass is described in full.
    for (let p = Object.getPrototypeOf(target) as Class | null; p && p !== Function.prototype; p = Object.getPrototypeOf(p) as Class | null) {
      for (const m of storage.validationMetadatas.get(p) ?? []) if (!metas.includes(m)) byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m]);
    }
    for (const [property, list] of byProperty) {
      const { schema, required } = schemaOf(target, property, list, examples[target.name]);
      const defaultValue = defaultOf(target, property);
      ApiProperty({ ...schema, required, ...(defaultValue !== undefined ? { default: defaultValue } : {}) })(target.prototype as object, property);
    }
  }
}

/** A property initialiser (`limit = 50`) is the default the API applies. */
function defaultOf(target: Class, property: string): unknown {
  try {
    const v = (new (target as new () => Record<string, unknown>)())[property];
    return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : undefined;
  } catch {
    return undefined;
  }
}

import type { ApiResponseOptions } from '@nestjs/swagger';

type SchemaObject = NonNullable<Extract<ApiResponseOptions, { schema?: unknown }>['schema']> & Record<string, unknown>;

// Answers of the auditors' routes, for the OpenAPI document and the console's generated client.
const str: SchemaObject = { type: 'string' };
const strings: SchemaObject = { type: 'array', items: str };
const int: SchemaObject = { type: 'integer' };
const obj = (properties: Record<string, SchemaObject>, required: string[] = []): SchemaObject => ({ type: 'object', properties, required });
const page = (items: SchemaObject): SchemaObject => obj({ items: { type: 'array', items }, nextCursor: { type: ['string', 'null'] } }, ['items', 'nextCursor']);
const fields: SchemaObject = { type: 'object', additionalProperties: true, description: 'Only the fields that changed' };
const principal = obj({ agency: str, role: { type: 'string', enum: ['officer', 'coordinator'] } }, ['agency', 'role']);

export const TIMELINE_SCHEMA = obj(
  {
    alertId: str,
    items: {
      type: 'array',
      items: obj(
        {
          position: int,
          agency: str,
          type: str,
          version: int,
          recordedAt: str,
          receivedAt: str,
          actor: obj({ sub: str, unit: str, agency: str, role: str }, ['agency']),
          before: fields,
          after: fields,
          gained: { ...strings, description: 'Agencies that could see the alert (or, for a grant, its persons) after this event and not before' },
          lost: strings,
          payload: { type: 'object', additionalProperties: true },
          hash: str,
        },
        ['position', 'agency', 'type', 'version', 'recordedAt', 'receivedAt', 'actor', 'before', 'after', 'hash'],
      ),
    },
  },
  ['alertId', 'items'],
);

export const AS_OF_ALERTS_SCHEMA = obj(
  {
    principal,
    at: str,
    ...page({
      oneOf: [
        { $ref: '#/components/schemas/HubAlert' },
        obj({ agency: str, sealed: { type: 'boolean', const: true } }, ['agency', 'sealed']),
        obj({ id: str, agency: str, withdrawn: { type: 'boolean', const: true } }, ['id', 'agency', 'withdrawn']),
      ],
    }).properties,
  },
  ['principal', 'at', 'items', 'nextCursor'],
);

export const AS_OF_TRENDS_SCHEMA = obj(
  {
    principal,
    at: str,
    groupBy: str,
    rows: {
      type: 'array',
      items: obj({
        key: str,
        count: int,
        quantity: obj({ kg: { type: 'number' }, litres: { type: 'number' }, pieces: { type: 'number' }, containers: { type: 'number' } }),
      }),
    },
    withheld: { ...int, description: 'Seizures the principal saw that the auditor may not be shown' },
  },
  ['principal', 'at', 'groupBy', 'rows', 'withheld'],
);

export const QUARANTINE_SCHEMA = page(
  obj({ agency: str, position: int, subject: str, reason: str, receivedAt: str, eventId: str, type: str, hash: str }, [
    'agency',
    'position',
    'subject',
    'reason',
    'receivedAt',
  ]),
);

export const KEYS_SCHEMA = obj(
  {
    keys: {
      type: 'array',
      items: obj(
        { agency: str, keyId: str, spki: { ...str, description: 'DER SPKI, base64' }, fingerprint: { ...str, description: 'sha256:<hex> of the DER SPKI' } },
        ['agency', 'keyId', 'spki', 'fingerprint'],
      ),
    },
  },
  ['keys'],
);

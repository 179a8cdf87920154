import { ErrorCode, RAISE_ALERT_EXAMPLE } from '@cix/contracts';

/**
 * What the services answer. Answers are plain objects built by the read paths (alertView and friends in
 * libs/contracts and the apps), so their shapes are stated here once for both documents; the e2e
 * test posts and reads through a client generated from them.
 */
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown, example?: unknown) => ({ 'application/json': { schema, ...(example !== undefined ? { example } : {}) } });
const dateTime = { type: 'string', format: 'date-time' };
const nullable = (schema: Record<string, unknown>) => ({ ...schema, type: [schema.type as string, 'null'] });

const ALERT_EXAMPLE = {
  ...RAISE_ALERT_EXAMPLE,
  id: '0f8e6a52-5c1e-4b7a-9a43-2d9f0c3e1a77', agency: 'KZ', version: 1, status: 'open',
  raisedAt: '2026-07-07T03:20:00.000Z', updatedAt: '2026-07-07T03:20:00.000Z', feedbackDueAt: '2026-07-12T03:12:00.000Z', expiresAt: '2026-10-05T03:20:00.000Z',
};

export const RESPONSE_SCHEMAS: Record<string, unknown> = {
  FieldError: {
    type: 'object', required: ['field', 'rule', 'message'],
    properties: {
      field: { type: 'string', description: 'dotted path of the field (`commodity.hsCode`, `parties[0].name`), `body` or a header name', example: 'commodity.hsCode' },
      rule: { type: 'string', description: 'the rule it broke; stable, for programs', example: 'hsCode' },
      message: { type: 'string', description: 'for people, in the language of `Accept-Language`', example: 'commodity.hsCode must be an HS code of 6 to 10 digits' },
      confirmable: { type: 'boolean', const: true, description: 'the caller may confirm it: the same request with `acknowledgedWarnings: ["containers.checkDigit"]` is stored, with a warning' },
      params: {
        type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
        description: 'the values of the rule (a watch-list file error: `line`, `path`, `limit`, `reference`), so a client can word it in its own language',
        example: { line: 12, path: 'CONSOLIDATED_LIST/ENTITIES/ENTITY/FIRST_NAME', limit: 500 },
      },
    },
  },
  ValidationErrorResponse: {
    type: 'object', required: ['code', 'errors'],
    properties: {
      code: { type: 'string', const: ErrorCode.ValidationFailed },
      errors: { type: 'array', maxItems: 100, items: ref('FieldError'), description: 'the first 100 errors' },
      errorCount: { type: 'integer', minimum: 0, description: 'how many errors there were in all' },
    },
    example: { code: ErrorCode.ValidationFailed, errors: [{ field: 'commodity.hsCode', rule: 'hsCode', message: 'commodity.hsCode must be an HS code of 6 to 10 digits' }], errorCount: 1 },
  },
  ErrorResponse: {
    type: 'object', required: ['code'],
    properties: {
      code: { type: 'string', enum: [...Object.values(ErrorCode), 'INTERNAL'], description: 'stable: programs branch on it' },
      message: { type: 'string', description: 'for people, in the language of `Accept-Language`' },
    },
    example: { code: ErrorCode.NotFound, message: 'alert not found' },
  },
  VersionConflictResponse: {
    allOf: [ref('ErrorResponse'), { type: 'object', properties: { currentVersion: { type: 'integer' }, status: { type: 'string' } } }],
    example: { code: ErrorCode.StreamVersionConflict, message: 'expected version 1, stream is at 2', currentVersion: 2 },
  },
  FeedbackConflictResponse: {
    allOf: [ref('ErrorResponse'), { type: 'object', properties: { currentVersion: { type: 'integer' }, feedbackId: { type: 'string', format: 'uuid' } } }],
    example: { code: ErrorCode.FeedbackAlreadyGiven, message: 'feedback on this alert was already given (version 1); amend it with expectedVersion', currentVersion: 1, feedbackId: '0b5f1c7e-2d4a-4c8e-9f1a-3b2c1d0e9f8a' },
  },
  Alert: {
    description: 'An alert as the caller may see it: its content (as posted, normalised), lifecycle and distribution. Persons may be withheld.',
    allOf: [
      ref('RaiseAlertRequestDto'),
      {
        type: 'object', required: ['id', 'agency', 'version', 'status', 'raisedAt', 'updatedAt'],
        properties: {
          id: { type: 'string', format: 'uuid' }, agency: { type: 'string', example: 'KZ' }, version: { type: 'integer', minimum: 1 },
          status: { type: 'string', enum: ['open', 'closed', 'retracted', 'expired'] }, statusReason: { type: 'string' },
          raisedAt: dateTime, updatedAt: dateTime, feedbackDueAt: dateTime, expiresAt: dateTime,
        },
      },
    ],
    example: ALERT_EXAMPLE,
  },
  NodeAlert: {
    allOf: [ref('Alert'), {
      type: 'object',
      properties: {
        raisedBy: { type: 'object', description: 'who raised it (the node shows it to its own agency only)' },
        personalDataGrants: { type: 'array', items: ref('PersonalDataGrant'), description: 'agencies whose officers the owner granted the persons to' },
        discoverable: { type: 'boolean', description: "whether other agencies' matching alerts may learn that this agency holds something related (hit/no-hit)" },
      },
    }],
  },
  PersonalDataGrant: {
    type: 'object', required: ['agency', 'legalBasis', 'grantedAt'],
    properties: { agency: { type: 'string', example: 'TM' }, legalBasis: { type: 'string', example: 'Bilateral MoU art. 5' }, grantedAt: dateTime },
  },
  RaiseAlertResult: {
    allOf: [ref('NodeAlert'), {
      type: 'object', required: ['warnings', 'replayed'],
      properties: { warnings: { type: 'array', items: ref('FieldError'), description: 'accepted but worth a look, e.g. an IMO number with a wrong check digit' }, replayed: { type: 'boolean' } },
    }],
  },
  NodeAlertWithHistory: { allOf: [ref('NodeAlert'), { type: 'object', properties: { history: { type: 'array', items: { type: 'object' } } } }] },
  NodeAlertPage: { type: 'object', required: ['items', 'nextCursor'], properties: { items: { type: 'array', items: ref('NodeAlert') }, nextCursor: nullable({ type: 'string' }) } },
  HubAlert: {
    allOf: [ref('Alert'), {
      type: 'object',
      properties: {
        feedbackStatus: { type: ['string', 'null'], enum: ['open', 'given', 'overdue', null], description: 'for agencies asked to act on a high-risk consignment' },
        feedback: { type: 'array', items: ref('Feedback') },
        personalDataGrants: { type: 'array', items: ref('PersonalDataGrant'), description: "for the owner's people only: to whom its persons are granted" },
      },
    }],
  },
  FeedbackVersion: {
    type: 'object', required: ['version', 'outcome', 'givenAt'],
    properties: {
      version: { type: 'integer', minimum: 1 }, outcome: { type: 'string', enum: ['seizure', 'nothing-found', 'not-inspected'] },
      seizureReportId: { type: 'string', format: 'uuid' }, reason: { type: 'string' }, notes: { type: 'string' }, inspectedAt: dateTime, givenAt: dateTime, unit: { type: 'string' },
    },
  },
  HubAlertDetail: {
    allOf: [ref('HubAlert'), {
      type: 'object',
      properties: {
        history: {
          type: 'array', description: 'the alert\'s events and the feedback events the caller may see, oldest first: types and times, no content',
          items: {
            type: 'object', required: ['version', 'type', 'agency', 'recordedAt', 'receivedAt'],
            properties: {
              version: { type: 'integer', minimum: 1, description: 'the alert\'s version after the event, or the feedback\'s version' },
              type: { type: 'string', example: 'AlertAmended' }, agency: { type: 'string', description: 'whose node wrote it' }, unit: { type: 'string' },
              recordedAt: { ...dateTime, description: 'recorded by the node' }, receivedAt: { ...dateTime, description: 'received by the hub' },
            },
          },
        },
        matches: { type: 'array', items: ref('AlertMatch'), description: 'cross-border matches whose other alert the caller may see too' },
        screening: { type: 'array', items: ref('ScreeningHit'), description: 'watch-list hits of the alert; present for the owning agency only' },
      },
    }],
  },
  AlertMatch: {
    type: 'object', required: ['matchId', 'kind', 'value', 'score', 'other', 'foundAt'],
    properties: {
      matchId: { type: 'string', format: 'uuid' }, kind: { type: 'string', example: 'container' }, value: { type: 'string', description: 'the value as written on this alert', example: 'MSCU3079197' },
      score: { type: 'number', description: '1 for identifiers, the name similarity for parties, lower for route + HS chapter' },
      other: { type: 'object', required: ['agency', 'alertId'], properties: { agency: { type: 'string' }, alertId: { type: 'string', format: 'uuid' } } }, foundAt: dateTime,
    },
  },
  MatchPage: {
    type: 'object', required: ['items'],
    properties: {
      items: {
        type: 'array',
        items: {
          type: 'object', required: ['matchId', 'kind', 'score', 'foundAt', 'alerts'],
          properties: {
            matchId: { type: 'string', format: 'uuid' }, kind: { type: 'string' }, score: { type: 'number' }, foundAt: dateTime,
            alerts: { type: 'array', items: { type: 'object', required: ['agency', 'alertId', 'value'], properties: { agency: { type: 'string' }, alertId: { type: 'string', format: 'uuid' }, value: { type: 'string' } } } },
          },
        },
      },
      nextCursor: { type: 'string' },
    },
  },
  MatchTrends: {
    type: 'object', required: ['byKind'],
    properties: { byKind: { type: 'array', items: { type: 'object', required: ['kind', 'matches'], properties: { kind: { type: 'string' }, matches: { type: 'integer' } } } } },
  },
  CommonValues: {
    type: 'object', required: ['maxFanout', 'items'],
    properties: {
      maxFanout: { type: 'integer' },
      items: {
        type: 'array',
        items: { type: 'object', required: ['kind', 'value'], properties: { kind: { type: 'string' }, value: { type: 'string' }, alerts: { type: 'integer', description: 'absent for a decided value under the bound' }, decision: { type: 'string', enum: ['common', 'not-common'] } } },
      },
    },
  },
  AlertRef: { type: 'object', required: ['agency', 'alertId'], properties: { agency: { type: 'string' }, alertId: { type: 'string', format: 'uuid' } } },
  RequesterHit: {
    type: 'object', required: ['hitId', 'side', 'holder', 'kind', 'value', 'myAlert', 'foundAt'], description: 'what the requester learns: who holds something related, on which key of its own alert',
    properties: {
      hitId: { type: 'string', format: 'uuid' }, side: { type: 'string', enum: ['requester'] }, holder: { type: 'string', example: 'TM' }, kind: { type: 'string', example: 'container' },
      value: { type: 'string', description: 'the value as written on the requester\'s own alert' }, myAlert: ref('AlertRef'), foundAt: dateTime,
      request: { type: 'object', required: ['requestId', 'status', 'message', 'requestedAt'], properties: { requestId: { type: 'string', format: 'uuid' }, status: ref('RequestStatus'), message: { type: 'string' }, requestedAt: dateTime } },
      sharedAlert: { ...ref('AlertRef'), description: 'present once the requester may see the holder\'s alert (after an accept)' },
    },
  },
  OwnerHit: {
    type: 'object', required: ['hitId', 'side', 'requesterAgency', 'kind', 'value', 'ownAlert', 'foundAt'], description: 'what the owner learns: which of its alerts, which agency, which key, and the request',
    properties: {
      hitId: { type: 'string', format: 'uuid' }, side: { type: 'string', enum: ['owner'] }, requesterAgency: { type: 'string', example: 'KZ' }, kind: { type: 'string' },
      value: { type: 'string', description: 'the value as written on the owner\'s alert' }, ownAlert: ref('AlertRef'), foundAt: dateTime,
      request: {
        type: 'object', required: ['requestId', 'status', 'message', 'requestedAt'],
        properties: { requestId: { type: 'string', format: 'uuid' }, status: ref('RequestStatus'), message: { type: 'string' }, requestedAt: dateTime, unit: { type: 'string' }, answeredAt: dateTime, reason: { type: 'string' } },
      },
    },
  },
  Hit: { oneOf: [ref('RequesterHit'), ref('OwnerHit')] },
  RequestStatus: { type: 'string', enum: ['open', 'accepted', 'declined'] },
  InformationRequest: {
    type: 'object', required: ['requestId', 'hitId', 'side', 'requesterAgency', 'holder', 'kind', 'value', 'message', 'status', 'requestedAt'],
    properties: {
      requestId: { type: 'string', format: 'uuid' }, hitId: { type: 'string', format: 'uuid' }, side: { type: 'string', enum: ['requester', 'owner'] },
      requesterAgency: { type: 'string' }, holder: { type: 'string' }, kind: { type: 'string' }, value: { type: 'string', description: 'as written on the caller\'s own alert' },
      message: { type: 'string' }, status: ref('RequestStatus'), requestedAt: dateTime, answeredAt: dateTime, reason: { type: 'string' },
      ownAlert: { ...ref('AlertRef'), description: 'the owner side only' }, myAlert: { ...ref('AlertRef'), description: 'the requester side only' },
    },
  },
  ScreeningHit: {
    type: 'object', required: ['hitId', 'alert', 'party', 'list', 'version', 'entry', 'alias', 'aliasQuality', 'score', 'foundAt', 'listed'],
    description: 'a party of the owning agency\'s alert found on a watch list (the owning agency only)',
    properties: {
      hitId: { type: 'string', format: 'uuid' }, alert: ref('AlertRef'),
      party: { type: 'object', required: ['role', 'name', 'isPerson'], properties: { role: { type: 'string' }, name: { type: 'string' }, isPerson: { type: 'boolean' } } },
      list: { type: 'string', example: 'un-sc-consolidated' }, version: { type: 'integer', minimum: 1 },
      entry: { type: 'object', required: ['reference', 'kind', 'name'], properties: { reference: { type: 'string' }, kind: { type: 'string', enum: ['individual', 'entity'] }, name: { type: 'string' } } },
      alias: { type: 'string', description: 'the name or alias of the entry that matched' }, aliasQuality: { type: 'string' }, score: { type: 'number' }, foundAt: dateTime,
      listed: { type: 'boolean', description: 'false once a later version of the list no longer names the entry (the hit is kept)' }, delistedAt: dateTime,
    },
  },
  Feedback: {
    type: 'object', required: ['agency', 'outcome', 'givenAt', 'version', 'versions'],
    properties: {
      agency: { type: 'string' }, unit: { type: 'string' }, outcome: { type: 'string', enum: ['seizure', 'nothing-found', 'not-inspected'] },
      seizureReportId: { type: 'string', format: 'uuid' }, reason: { type: 'string' }, notes: { type: 'string' }, inspectedAt: dateTime, givenAt: dateTime,
      version: { type: 'integer', minimum: 1, description: 'the current version (the first answer is 1)' },
      versions: { type: 'array', items: ref('FeedbackVersion'), description: 'every version, oldest first (the current values are also at the top level)' },
    },
  },
  FeedbackResult: {
    type: 'object', required: ['feedbackId', 'version', 'alert', 'agency', 'outcome', 'givenAt', 'replayed'],
    properties: {
      feedbackId: { type: 'string', format: 'uuid' }, version: { type: 'integer', minimum: 1 },
      alert: { type: 'object', required: ['agency', 'alertId'], properties: { agency: { type: 'string' }, alertId: { type: 'string', format: 'uuid' } } },
      agency: { type: 'string' }, unit: { type: 'string' }, outcome: { type: 'string', enum: ['seizure', 'nothing-found', 'not-inspected'] },
      seizureReportId: { type: 'string', format: 'uuid' }, reason: { type: 'string' }, notes: { type: 'string' }, inspectedAt: dateTime, givenAt: dateTime, replayed: { type: 'boolean' },
    },
  },
  HubAlertPage: { type: 'object', required: ['items', 'nextCursor'], properties: { items: { type: 'array', items: ref('HubAlert') }, nextCursor: nullable({ type: 'string' }) } },
  SeizureTrendRow: {
    type: 'object', required: ['key', 'count', 'quantity'],
    properties: {
      key: { type: 'string', example: 'drugs' }, series: { type: 'string' }, count: { type: 'integer' },
      quantity: { type: 'object', required: ['kg', 'litres', 'pieces', 'containers'], properties: { kg: { type: 'number' }, litres: { type: 'number' }, pieces: { type: 'number' }, containers: { type: 'number' } } },
    },
  },
  SeizureTrends: { type: 'object', required: ['rows'], properties: { rows: { type: 'array', items: ref('SeizureTrendRow') } } },
  EffectivenessRow: {
    type: 'object', required: ['key', 'alerts', 'feedbackGiven', 'overdue', 'hits', 'hitRate', 'medianHoursToFeedback'],
    properties: {
      key: { type: 'string', example: 'KZ' }, alerts: { type: 'integer' }, feedbackGiven: { type: 'integer' }, overdue: { type: 'integer' }, hits: { type: 'integer' },
      hitRate: nullable({ type: 'number' }), medianHoursToFeedback: nullable({ type: 'number' }),
    },
  },
  Effectiveness: { type: 'object', required: ['rows'], properties: { rows: { type: 'array', items: ref('EffectivenessRow') } } },
  ReferenceData: {
    type: 'object', description: 'Codes the API accepts, with labels for people by language, list and code (`labels.ru.detectionMethods.dog`)',
    required: ['agencies', 'units', 'commodityCategories', 'detectionMethods', 'concealmentMethods', 'conveyances', 'quantityUnits'],
    properties: {
      agencies: { type: 'array', items: { type: 'object' } }, units: { type: 'array', items: { type: 'object' } }, commodityCategories: { type: 'array', items: { type: 'object' } },
      detectionMethods: { type: 'array', items: { type: 'string' } }, concealmentMethods: { type: 'array', items: { type: 'string' } },
      conveyances: { type: 'array', items: { type: 'string' } }, quantityUnits: { type: 'array', items: { type: 'string' } },
      labels: {
        type: 'object', required: ['en', 'ru'],
        properties: Object.fromEntries(['en', 'ru'].map((l) => [l, { type: 'object', additionalProperties: { type: 'object', additionalProperties: { type: 'string' } } }])),
        example: { en: { detectionMethods: { dog: 'Dog' } }, ru: { detectionMethods: { dog: 'Служебная собака' } } },
      },
      defaults: { type: 'object', description: 'A national node\'s defaults for a new alert (DISCOVERABLE_BY_DEFAULT); absent on the hub', required: ['discoverable'], properties: { discoverable: { type: 'boolean' } } },
    },
  },
  Health: { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['up', 'down'] } } },
};

type Success = { description: string; content?: Record<string, unknown>; headers?: Record<string, unknown> };
const ndjson = { 'application/x-ndjson': { schema: { type: 'string', description: 'one JSON object per line' } } };
const csv = { 'text/csv': { schema: { type: 'string' } } };

/** Success answers by operationId, else by `METHOD path` (both services; a path absent from a service is ignored). */
export const SUCCESS_SCHEMAS: Record<string, Success> = {
  'POST /api/alerts': { description: 'Stored (or, with the same Idempotency-Key, the first answer again)', content: json(ref('RaiseAlertResult')), headers: { Location: { schema: { type: 'string' }, description: 'the new alert' } } },
  'POST /api/alerts/bulk': {
    description: 'All stored',
    content: json({
      type: 'object', required: ['created', 'items'],
      properties: { created: { type: 'integer' }, items: { type: 'array', items: { type: 'object', required: ['id', 'version'], properties: { id: { type: 'string', format: 'uuid' }, version: { type: 'integer' } } } } },
    }),
  },
  AlertsRead_list: { description: 'The agency\'s own alerts, newest first', content: json(ref('NodeAlertPage')) },
  AlertsRead_get: { description: 'One alert with its whole event history', content: json(ref('NodeAlertWithHistory')) },
  HubAlerts_list: { description: 'What the caller may see, newest first; no totals', content: json(ref('HubAlertPage')) },
  HubAlerts_get: { description: 'One alert with the feedback the caller may see and its history', content: json(ref('HubAlertDetail')) },
  'POST /api/alerts/{id}/amendments': { description: 'Amended', content: json(ref('NodeAlert')) },
  'POST /api/alerts/{id}/distribution': { description: 'Distribution changed', content: json(ref('NodeAlert')) },
  'POST /api/alerts/{id}/close': { description: 'Closed', content: json(ref('NodeAlert')) },
  'POST /api/alerts/{id}/retract': { description: 'Retracted', content: json(ref('NodeAlert')) },
  'POST /api/alerts/{id}/renew': { description: 'Renewed', content: json(ref('NodeAlert')) },
  'POST /api/feedback': { description: 'Feedback (or, with expectedVersion, its next version) stored in the giver\'s own log', content: json(ref('FeedbackResult')) },
  'POST /api/alerts/{id}/personal-data-grants': { description: 'Granted', content: json(ref('NodeAlert')) },
  'POST /api/alerts/{id}/personal-data-grants/revocations': { description: 'Revoked', content: json(ref('NodeAlert')) },
  'GET /api/feedback/awaiting': { description: 'Alerts waiting for the caller\'s agency, overdue first', content: json({ type: 'object' }) },
  'GET /api/trends/seizures': { description: 'Counts and quantities', content: { ...json(ref('SeizureTrends')), ...csv } },
  'GET /api/trends/effectiveness': { description: 'Alert effectiveness', content: { ...json(ref('Effectiveness')), ...csv } },
  'GET /api/reference': { description: 'Reference data', content: json(ref('ReferenceData')) },
  'GET /api/stream': { description: 'Server-sent events: ready, alert, feedback, alert.withdrawn, reset, heartbeat, reauthenticate, reconnect; each change with a rising `id:`', content: { 'text/event-stream': { schema: { type: 'string' } } } },
  'POST /api/stream/tickets': {
    description: 'A single-use ticket that opens the live feed within 30 s (never past the token\'s expiry)',
    content: json({ type: 'object', required: ['ticket', 'expiresAt'], properties: { ticket: { type: 'string' }, expiresAt: dateTime } }, { ticket: 'q3Yc0Jd1…', expiresAt: '2026-11-30T12:00:30.000Z' }),
  },
  'GET /api/matches': { description: 'Matches between alerts the caller may both see', content: json(ref('MatchPage')) },
  'GET /api/trends/matches': { description: 'Matches the caller may see, by key type', content: json(ref('MatchTrends')) },
  'GET /api/correlation/common-values': { description: 'Values over the fan-out bound, and decided ones', content: json(ref('CommonValues')) },
  'POST /api/correlation/common-values': { description: 'Decided', content: json({ type: 'object', required: ['kind', 'value', 'decision'], properties: { kind: { type: 'string' }, value: { type: 'string' }, decision: { type: 'string', enum: ['common', 'not-common'] } } }) },
  'GET /api/discovery/hits': { description: 'Hits of the caller\'s agency: as requester (holder, key, own alert) or as owner (own alert, requesting agency, key)', content: json({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('Hit') } } }) },
  'GET /api/discovery/hits/{hitId}': { description: 'One hit of the caller\'s agency', content: json(ref('Hit')) },
  'GET /api/discovery/requests': { description: 'Requests for information sent or received by the caller\'s agency', content: json({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('InformationRequest') } } }) },
  'GET /api/screening/hits': {
    description: 'Watch-list hits on the caller\'s own agency\'s alerts, newest first',
    content: json({ type: 'object', required: ['items', 'nextCursor'], properties: { items: { type: 'array', items: ref('ScreeningHit') }, nextCursor: { type: ['string', 'null'] } } }),
  },
  'GET /api/discovery/requests/{requestId}': { description: 'One request for information of the caller\'s agency', content: json(ref('InformationRequest')) },
  'POST /api/information-requests': { description: 'Request stored in the requester\'s own log (InformationRequested)', content: json({ type: 'object' }) },
  'POST /api/information-requests/{requestId}/answer': { description: 'Answer stored in the owner\'s log; an accept first shares the alert (AlertDistributionChanged)', content: json({ type: 'object' }) },
  'POST /api/alerts/{id}/discoverability': { description: 'Changed', content: json(ref('NodeAlert')) },
  'GET /api/audit/events': { description: 'NDJSON: a header line, the events, a signed checkpoint line per agency', content: ndjson },
  'GET /health': { description: 'Up (503 when down); details with an entitled token', content: json(ref('Health')) },
};

/** One line per operation (by operationId), as an integrator's index. */
export const SUMMARIES: Record<string, string> = {
  HubAlerts_list: 'List and search the alerts the caller may see',
  HubAlerts_get: 'Read one alert (or, with asOf, as the caller saw it then)',
  AwaitingFeedback_awaiting: 'High-risk consignments still waiting for the caller\'s agency\'s feedback',
  AlertStream_stream: 'Live feed of visible alerts, feedback and withdrawals (server-sent events), resumable with Last-Event-ID',
  AlertStream_issue: 'A single-use ticket that opens the live feed (for EventSource, which cannot send headers)',
  Audit_events: 'Export the event histories in scope (NDJSON, ends in signed checkpoints)',
  Audit_accessLogRead: 'Who read what',
  Audit_timeline: 'Every change to one alert',
  Audit_exposure: 'When an alert was visible to the auditor\'s agency and who read it',
  Trends_seizures: 'Seizure counts and quantities by a dimension or period',
  Trends_effectiveness: 'Alerts asked, feedback given, hits and hit rate',
  Reference_get: 'Reference data: agencies, units, commodity categories and methods, with English and Russian labels',
  HubHealth_health: 'Up or down (details with an entitled token)',
  Health_health: 'Up or down (details with an entitled token)',
  BulkRaise_bulk: 'Report up to 1,000 alerts at once (JSON array or CSV), all or none',
  RaiseAlert_raise: 'Report a seizure or raise a high-risk-consignment alert',
  AlertsRead_list: 'List the agency\'s own alerts',
  AlertsRead_get: 'Read one alert with its event history',
  AmendAlert_amend: 'Amend an alert\'s content',
  ChangeDistribution_change: 'Widen or narrow who may see an alert',
  ChangeStatus_close: 'Close an alert',
  ChangeStatus_retract: 'Retract an alert (a correction; it stays visible, marked retracted)',
  ChangeStatus_renew: 'Renew an alert before or after it expired',
  GiveFeedback_give: 'Give feedback on another agency\'s alert, or amend it (expectedVersion)',
  PersonalDataGrants_grant: 'Grant named agencies the persons of one alert, on a legal basis',
  PersonalDataGrants_revoke: 'Revoke one agency\'s grant of an alert\'s persons',
  NodeAudit_events: 'The node\'s own event log (NDJSON), for its auditors',
  Correlation_list: 'Cross-border matches between two alerts the caller may both see, newest first',
  Correlation_trends: 'How many matches the caller may see, by key type',
  Correlation_common: 'Values too common to match on, and coordinators\' decisions (programme coordinators)',
  Correlation_decide: 'Mark a value common (it stops matching) or not common (programme coordinators)',
  Discovery_hits: 'Hits of the caller\'s agency: who holds related information (requester), or which alert was hit by whom (owner)',
  Discovery_hit: 'One hit of the caller\'s agency',
  Discovery_requests: 'Requests for information the caller\'s agency sent or received, with their answers',
  Discovery_request: 'One request for information of the caller\'s agency',
  RequestInformation_request: 'Ask the agency that holds related information (a hit) for it',
  AnswerRequest_answer: 'Accept (share the alert bilaterally) or decline a request for information on an own alert',
  ChangeDiscoverability_change: 'Offer an alert for hit/no-hit discovery, or withdraw the offer',
};

export const TAG_DESCRIPTIONS: Record<string, string> = {
  alerts: 'Seizure reports and high-risk-consignment alerts',
  feedback: 'What an agency asked to act did about another agency\'s alert',
  stream: 'Server-sent events',
  audit: 'Histories, access log and exposure, for auditors',
  trends: 'Figures for coordinators (JSON or CSV)',
  reference: 'Codes the API accepts',
  health: 'Liveness for operators',
  correlation: 'Cross-border matches between alerts, shown only to those who may see both',
  discovery: 'Hit / no-hit: that another agency holds related information, never what',
  'information-requests': 'Requests for information after a hit, and the owner\'s answers',
};

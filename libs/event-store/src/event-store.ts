import { createPublicKey, randomUUID, type KeyObject } from 'node:crypto';
import type { DataSource, QueryRunner } from 'typeorm';
import { GENESIS_HASH } from '@cix/contracts';
import { eventHash, signHash, type SigningKey } from './integrity/event-integrity.js';
import { attestCheckpoint, signCheckpoint, type SignedCheckpoint } from './integrity/checkpoint.js';
import { signExportClaims, type ExportClaims, type ExportClaimsLine } from './integrity/export-claims.js';
import { commitPersonalData } from './integrity/personal-data.js';
import {
  AppendNotCommitted,
  EventRefusedByStore,
  IdempotencyKeyReused,
  isInfrastructureFailure,
  isRefusedInput,
  StreamVersionConflict,
} from './event-store.errors.js';
import { Upcasters } from './upcasting.js';
import { insertEvents, rowToEvent, type EventRow } from './event-rows.js';
import type { AppendRequest, AppendResult, StoredEvent } from './event-store.types.js';

interface IdempotencyRecord {
  readonly scope: string;
  readonly key: string;
  readonly requestHash: string;
  readonly result: AppendResult;
}

/** Any number: every appending process in every node instance takes this transaction lock. */
const APPEND_LOCK = 7_240_001;

/** Rows signed and sent per insert statement: PostgreSQL inserts one chunk while the next is signed. */
const SIGN_CHUNK = 25;

/** One caller's requests: appended together or not at all. */
interface Pending {
  readonly reqs: readonly AppendRequest[];
  readonly resolve: (r: AppendResult[]) => void;
  readonly reject: (e: unknown) => void;
}

export interface EventStoreOptions {
  readonly upcasters?: Upcasters;
  /** Runs inside the append transaction after the insert: a read model that is never behind. */
  readonly inlineProjection?: (qr: QueryRunner, events: readonly StoredEvent[]) => Promise<void>;
  readonly maxBatch?: number;
}

/**
 * The national append-only store.
 *
 * Appends are serialised: one writer per process batches every request that queued while the
 * previous transaction was committing (group commit), and a transaction-scoped advisory lock
 * serialises writers across processes. Positions are assigned inside that lock as tail + 1, so
 * a position is only ever visible after every smaller one has committed: readers of the global
 * log may simply `ORDER BY global_position` and can never skip an event that commits late (the
 * sequence-gap problem of sequence-based stores). The same serialisation is what lets every event
 * carry its predecessor's hash. Throughput comes from batching, not from parallel transactions.
 */
export class EventStore {
  private queue: Pending[] = [];
  private writing = false;
  private writer: QueryRunner | null = null;
  private readonly listeners = new Set<(lastPosition: number) => void>();

  private readonly upcasters: Upcasters;
  private readonly maxBatch: number;

  constructor(
    private readonly db: DataSource,
    readonly agency: string,
    private readonly key: SigningKey,
    private readonly options: EventStoreOptions = {},
  ) {
    this.upcasters = options.upcasters ?? new Upcasters();
    this.maxBatch = options.maxBatch ?? 500;
  }

  async append(req: AppendRequest): Promise<AppendResult> {
    return (await this.appendAll([req]))[0];
  }

  /** Appends to several streams atomically: all of them, or (on any conflict) none. */
  appendAll(reqs: readonly AppendRequest[]): Promise<AppendResult[]> {
    if (!reqs.length || reqs.some((r) => r.events.length === 0)) throw new Error('append needs at least one event');
    return new Promise((resolve, reject) => {
      this.queue.push({ reqs, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  /**
   * Appends in the caller's open transaction, so what it records commits (or not) with the caller's
   * own writes: the hub's projection records the matches a batch found with that batch, and a
   * redelivered batch, never applied twice, never records them twice. Takes the same append lock as
   * `append` (held to the caller's commit); listeners are not told.
   */
  async appendInTransaction(qr: QueryRunner, reqs: readonly AppendRequest[]): Promise<AppendResult[]> {
    if (!reqs.length || reqs.some((r) => r.events.length === 0)) throw new Error('append needs at least one event');
    await qr.query(`SELECT pg_advisory_xact_lock(${APPEND_LOCK})`);
    const outcomes: Array<{ ok: AppendResult[] } | { err: unknown }> = [];
    const { rows, chainTip } = await this.prepare(qr, [{ reqs, resolve: () => undefined, reject: () => undefined }], outcomes);
    const [outcome] = outcomes;
    if ('err' in outcome) throw outcome.err;
    if (rows.length) await this.sealAndInsert(qr, rows, chainTip);
    return outcome.ok;
  }

  /** Called after each commit with the new tail position (the relay uses it to wake up). */
  onAppended(listener: (lastPosition: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length) {
        // Let the callers the last commit released queue their next append first: one macrotask
        // of waiting doubles the batch size under concurrent writers (group commit).
        await new Promise((r) => setImmediate(r));
        const batch = this.queue.splice(0, this.maxBatch);
        await this.commitBatch(batch);
      }
    } finally {
      this.writing = false;
    }
  }

  /**
   * Commits a batch in one transaction (the happy path: no savepoints, one insert). When
   * PostgreSQL refuses the transaction because of what some request carries (a NUL in jsonb text,
   * a key too long for an index, a duplicate event id...), the batch is rolled back and bisected,
   * each half in its own transaction, until the culprits stand alone: they fail, everyone else
   * commits. The chain tip and stream versions are re-read inside each transaction, so a rolled-back
   * attempt leaves nothing behind in memory and positions stay gap-free. A lost connection is not
   * bisected: the whole batch fails (nothing was committed, so retrying is safe).
   */
  private async commitBatch(batch: Pending[]): Promise<void> {
    const attempt = await this.tryCommit(batch);
    if ('outcomes' in attempt) {
      batch.forEach((p, i) => {
        const o = attempt.outcomes[i];
        if ('ok' in o) p.resolve(o.ok);
        else p.reject(o.err);
      });
      if (attempt.tailPosition) for (const l of this.listeners) l(attempt.tailPosition);
      return;
    }
    const { error, connectionLost } = attempt;
    if (connectionLost || isInfrastructureFailure(error)) {
      const failure = new AppendNotCommitted(error);
      for (const p of batch) p.reject(failure);
      return;
    }
    if (batch.length === 1) {
      batch[0].reject(isRefusedInput(error) ? new EventRefusedByStore(error) : error);
      return;
    }
    const mid = Math.ceil(batch.length / 2);
    await this.commitBatch(batch.slice(0, mid));
    await this.commitBatch(batch.slice(mid));
  }

  private async tryCommit(
    batch: Pending[],
  ): Promise<{ outcomes: Array<{ ok: AppendResult[] } | { err: unknown }>; tailPosition: number } | { error: unknown; connectionLost: boolean }> {
    const outcomes: Array<{ ok: AppendResult[] } | { err: unknown }> = [];
    let tailPosition = 0;
    let qr: QueryRunner | null = null;
    let open = false;
    try {
      qr = await this.writerConnection();
      // One round trip for the transaction and the append lock: without parameters the simple
      // protocol takes both statements. Marked open first: a failure in between still rolls back.
      open = true;
      await qr.query(`BEGIN; SELECT pg_advisory_xact_lock(${APPEND_LOCK})`);
      const { rows, chainTip } = await this.prepare(qr, batch, outcomes);
      if (rows.length) {
        await this.sealAndInsert(qr, rows, chainTip);
        if (this.options.inlineProjection) await this.options.inlineProjection(qr, rows);
        tailPosition = rows[rows.length - 1].position;
      }
      await qr.query('COMMIT');
      open = false;
      return { outcomes, tailPosition };
    } catch (error) {
      let connectionLost = !qr;
      if (qr && open)
        await qr.query('ROLLBACK').catch(() => {
          connectionLost = true;
        });
      // The connection may be what failed: take a fresh one for the next attempt.
      if (connectionLost || isInfrastructureFailure(error)) await this.dropWriterConnection();
      return { error, connectionLost };
    }
  }

  /**
   * Chains, hashes and signs every row (prepare gave them their positions and versions) and inserts
   * them, chunk by chunk: each chunk's insert is on its way to PostgreSQL while this process hashes
   * and signs the next one, so the CPU cost of an append overlaps the database's work. All in the
   * one transaction: a failed chunk fails the attempt, and the chunks queued behind it fail with it.
   */
  private async sealAndInsert(qr: QueryRunner, rows: StoredEvent[], chainTip: string): Promise<void> {
    // One statement at a time on the connection (pg 9 refuses overlapping queries): each chunk's
    // insert starts when the previous one is done, and a failed one stops the chain.
    let inserted: Promise<void> = Promise.resolve();
    let prevHash = chainTip;
    for (let i = 0; i < rows.length; i += SIGN_CHUNK) {
      const chunk = rows.slice(i, i + SIGN_CHUNK);
      for (const r of chunk) {
        const row = r as { -readonly [K in keyof StoredEvent]: StoredEvent[K] };
        row.prevHash = prevHash;
        row.hash = eventHash(row);
        row.signature = signHash(row.hash, this.key);
        prevHash = row.hash;
      }
      inserted = inserted.then(() => insertEvents(qr, chunk));
      inserted.catch(() => undefined); // awaited below
      // Let the insert reach the socket before signing the next chunk.
      if (i + SIGN_CHUNK < rows.length) await new Promise((r) => setImmediate(r));
    }
    await inserted;
  }

  /** The single writer keeps one connection: no pool checkout per batch. */
  private async writerConnection(): Promise<QueryRunner> {
    if (!this.writer || this.writer.isReleased) {
      this.writer = this.db.createQueryRunner();
      await this.writer.connect();
    }
    return this.writer;
  }

  private async dropWriterConnection(): Promise<void> {
    const w = this.writer;
    this.writer = null;
    await w?.release().catch(() => undefined);
  }

  /** Releases the writer's connection (call before closing the DataSource). */
  async close(): Promise<void> {
    while (this.writing) await new Promise((r) => setTimeout(r, 5));
    await this.dropWriterConnection();
  }

  /**
   * Decides each group (conflict, idempotent replay or append) and builds its rows in log order;
   * sealAndInsert chains them onto `chainTip` (the hash of the tail), hashes and signs them.
   */
  private async prepare(
    qr: QueryRunner,
    batch: Pending[],
    outcomes: Array<{ ok: AppendResult[] } | { err: unknown }>,
  ): Promise<{ rows: StoredEvent[]; chainTip: string }> {
    const streamIds = [...new Set(batch.flatMap((p) => p.reqs.map((r) => r.streamId)))];
    // One round trip for the tail of the log and the versions of the streams in this batch.
    const [state] = (await qr.query(
      `SELECT (SELECT json_build_object('p', global_position, 'h', hash) FROM events ORDER BY global_position DESC LIMIT 1) AS tail,
              (SELECT coalesce(json_object_agg(stream_id, v), '{}') FROM (SELECT stream_id, max(stream_version) AS v FROM events WHERE stream_id = ANY($1) GROUP BY stream_id) s) AS versions`,
      [streamIds],
    )) as Array<{ tail: { p: number; h: string } | null; versions: Record<string, number> }>;
    const tail = { position: state.tail ? Number(state.tail.p) : 0, hash: state.tail ? state.tail.h : GENESIS_HASH };
    const versions = new Map<string, number>(Object.entries(state.versions).map(([k, v]) => [k, Number(v)]));
    const idem = await this.loadIdempotency(qr, batch);
    const rows: StoredEvent[] = [];
    const newKeys: IdempotencyRecord[] = [];
    const recordedAt = new Date().toISOString();
    for (const pending of batch) {
      try {
        const { results, groupRows, newIdem } = this.prepareGroup(pending.reqs, tail.position, versions, idem, recordedAt);
        // Only a group that succeeded as a whole moves the tail and versions.
        for (const r of groupRows) rows.push(r);
        if (groupRows.length) tail.position = groupRows[groupRows.length - 1].position;
        for (const r of results) if (!r.replayed) versions.set(r.streamId, r.version);
        for (const [k, v] of newIdem) {
          idem.set(k, v);
          newKeys.push(v);
        }
        outcomes.push({ ok: results });
      } catch (err) {
        outcomes.push({ err });
      }
    }
    // Outside the per-group catch: a statement PostgreSQL refuses aborts the whole transaction,
    // so it must fail the attempt (and be isolated by commitBatch), never be taken as one group's error.
    if (newKeys.length) {
      await qr.query('INSERT INTO idempotency_keys (scope, key, request_hash, result) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[])', [
        newKeys.map((v) => v.scope),
        newKeys.map((v) => v.key),
        newKeys.map((v) => v.requestHash),
        newKeys.map((v) => JSON.stringify(v.result)),
      ]);
    }
    return { rows, chainTip: tail.hash };
  }

  private prepareGroup(
    reqs: readonly AppendRequest[],
    tailPosition: number,
    versions: ReadonlyMap<string, number>,
    idem: ReadonlyMap<string, IdempotencyRecord>,
    recordedAt: string,
  ) {
    let position = tailPosition;
    const local = new Map(versions);
    const results: AppendResult[] = [];
    const groupRows: StoredEvent[] = [];
    const newIdem = new Map<string, IdempotencyRecord>();
    for (const req of reqs) {
      const id = req.idempotency;
      const seen = id && (newIdem.get(`${id.scope}\u0000${id.key}`) ?? idem.get(`${id.scope}\u0000${id.key}`));
      if (seen) {
        if (seen.requestHash !== id.requestHash) throw new IdempotencyKeyReused(id.key);
        results.push({ ...seen.result, replayed: true });
        continue;
      }
      const current = local.get(req.streamId) ?? 0;
      if (current !== req.expectedVersion) throw new StreamVersionConflict(req.streamId, req.expectedVersion, current);
      const first = position + 1;
      req.events.forEach((e, i) => {
        // Persons leave the hashed payload for a side record the payload commits to by digest.
        const { payload, personalData } = commitPersonalData(e.payload);
        // Chained (prevHash), hashed and signed by sealAndInsert, before anything is committed.
        groupRows.push({
          agency: this.agency,
          position: ++position,
          eventId: e.eventId ?? randomUUID(),
          streamId: req.streamId,
          streamVersion: current + i + 1,
          type: e.type,
          schemaVersion: e.schemaVersion ?? 1,
          payload,
          metadata: e.metadata,
          occurredAt: e.occurredAt ?? recordedAt,
          recordedAt,
          prevHash: '',
          ...(personalData ? { personalData } : {}),
          hash: '',
          signature: '',
          keyId: this.key.keyId,
          confidential: e.confidential ?? false,
        });
      });
      const result: AppendResult = {
        streamId: req.streamId,
        version: current + req.events.length,
        firstPosition: first,
        lastPosition: position,
        replayed: false,
      };
      local.set(req.streamId, result.version);
      if (id) newIdem.set(`${id.scope}\u0000${id.key}`, { ...id, result });
      results.push(result);
    }
    return { results, groupRows, newIdem };
  }

  private async loadIdempotency(qr: QueryRunner, batch: Pending[]) {
    const keyed = batch.flatMap((p) => p.reqs.map((r) => r.idempotency)).filter((k): k is NonNullable<typeof k> => !!k);
    const map = new Map<string, IdempotencyRecord>();
    if (!keyed.length) return map;
    const found = (await qr.query(
      'SELECT scope, key, request_hash, result FROM idempotency_keys WHERE (scope, key) IN (SELECT * FROM unnest($1::text[], $2::text[]))',
      [keyed.map((k) => k.scope), keyed.map((k) => k.key)],
    )) as Array<{ scope: string; key: string; request_hash: string; result: IdempotencyRecord['result'] }>;
    for (const r of found) map.set(`${r.scope}\u0000${r.key}`, { scope: r.scope, key: r.key, requestHash: r.request_hash, result: r.result });
    return map;
  }

  /**
   * The stored answer to an earlier request with this idempotency key, or null. A handler whose
   * rules depend on the stream's state asks first, so a retry of a request that succeeded is
   * answered as before instead of being judged against the state its own success created.
   */
  async idempotentResult(id: NonNullable<AppendRequest['idempotency']>): Promise<AppendResult | null> {
    const [row] = await this.db.query<Array<{ request_hash: string; result: AppendResult }>>(
      'SELECT request_hash, result FROM idempotency_keys WHERE scope = $1 AND key = $2',
      [id.scope, id.key],
    );
    if (!row) return null;
    if (row.request_hash !== id.requestHash) throw new IdempotencyKeyReused(id.key);
    return { ...row.result, replayed: true };
  }

  /** One stream in version order, upcast to the current schema (the domain's view). */
  async readStream(streamId: string, opts: { toVersion?: number; asOf?: string } = {}): Promise<StoredEvent[]> {
    const rows = await this.db.query<EventRow[]>(
      `SELECT * FROM events WHERE stream_id = $1 AND ($2::int IS NULL OR stream_version <= $2)
         AND ($3::timestamptz IS NULL OR recorded_at <= $3) ORDER BY stream_version`,
      [streamId, opts.toVersion ?? null, opts.asOf ?? null],
    );
    return rows.map((r) => this.upcasters.apply(rowToEvent(r, this.agency)));
  }

  /**
   * The global log after a checkpoint, in order, exactly as stored (what was hashed and signed).
   * Gap-free by construction (see class comment).
   */
  async readAll(afterPosition: number, limit = 500): Promise<StoredEvent[]> {
    const rows = await this.db.query<EventRow[]>('SELECT * FROM events WHERE global_position > $1 ORDER BY global_position LIMIT $2', [afterPosition, limit]);
    return rows.map((r) => rowToEvent(r, this.agency));
  }

  /**
   * Catch-up subscription: delivers every event after `fromPosition` in order, then keeps
   * delivering new ones as they commit. Positions are gap-free and visible in order, so
   * "read after the last delivered position" is all it takes to switch to live without loss or
   * duplication. The handler's promise is awaited before the next event (back-pressure).
   */
  subscribe(
    fromPosition: number,
    handler: (e: StoredEvent) => Promise<void> | void,
    opts: { batchSize?: number; pollMs?: number } = {},
  ): { stop(): Promise<void> } {
    let stopped = false;
    let wake: (() => void) | null = null;
    const unsubscribe = this.onAppended(() => wake?.());
    const loop = (async () => {
      let position = fromPosition;
      while (!stopped) {
        const batch = await this.readAll(position, opts.batchSize ?? 500);
        for (const e of batch) {
          if (stopped) return;
          await handler(e);
          position = e.position;
        }
        if (!batch.length)
          await new Promise<void>((r) => {
            wake = r;
            setTimeout(r, opts.pollMs ?? 500);
          });
      }
    })();
    return {
      async stop() {
        stopped = true;
        unsubscribe();
        wake?.();
        await loop.catch(() => undefined);
      },
    };
  }

  /**
   * The head of this log (position, hash) signed now with this process's key: exports carry it so
   * that an offline verifier notices an export cut short (see integrity/checkpoint.ts).
   */
  async signedCheckpoint(): Promise<SignedCheckpoint> {
    const [head] = await this.db.query<Array<{ global_position: string; hash: string }>>(
      'SELECT global_position, hash FROM events ORDER BY global_position DESC LIMIT 1',
    );
    return this.checkpointOf(head, new Date().toISOString());
  }

  /**
   * The head as it stood at `time` (the last event recorded by then), signed with `time`: the same
   * bytes every time it is asked for (Ed25519 is deterministic), so a report's export can be fetched again.
   */
  async signedCheckpointAsOf(time: string): Promise<SignedCheckpoint> {
    const [head] = await this.db.query<Array<{ global_position: string; hash: string }>>(
      'SELECT global_position, hash FROM events WHERE recorded_at <= $1::timestamptz ORDER BY global_position DESC LIMIT 1',
      [time],
    );
    return this.checkpointOf(head, time);
  }

  private checkpointOf(head: { global_position: string; hash: string } | undefined, time: string): SignedCheckpoint {
    const claim = { agency: this.agency, position: head ? Number(head.global_position) : 0, hash: head ? String(head.hash) : GENESIS_HASH, time };
    return signCheckpoint(claim, this.key);
  }

  /** Countersigns, as this log's owner, a checkpoint it derived for another agency's log (the hub's exports). */
  attest(cp: SignedCheckpoint, time?: string): SignedCheckpoint {
    return attestCheckpoint(cp, this.agency, this.key, time);
  }

  /** This log's public key (SPKI), for publishing beside the keys it trusts. */
  publicKey(): KeyObject {
    return createPublicKey(this.key.privateKey);
  }

  /** Signs, as this log's owner, what an export it wrote claims (scope, filters, completeness, count). */
  signExportClaims(claims: Omit<ExportClaims, 'exporter'>): ExportClaimsLine {
    return signExportClaims({ ...claims, exporter: this.agency }, this.key);
  }

  /**
   * Lawful erasure: deletes one person's side record for good. The event keeps its digest, so its
   * hash, its chain link and its signature still verify; readers show the person as withheld.
   * Returns the stream that held it (null when no event holds the reference).
   */
  async erasePersonalData(ref: string): Promise<string | null> {
    // pg answers an UPDATE … RETURNING as [rows, count] through TypeORM, a SELECT as rows.
    const rows = await this.db.query<Array<{ stream_id: string }> | [Array<{ stream_id: string }>, number]>(
      `UPDATE events SET personal_data = nullif(personal_data - $1::text, '{}'::jsonb) WHERE personal_data ? $1 RETURNING stream_id`,
      [ref],
    );
    const updated = Array.isArray(rows[0]) ? rows[0] : (rows as Array<{ stream_id: string }>);
    return updated[0]?.stream_id ?? null;
  }

  /** The stream whose events hold a personal-data record, or null (erased already, or never). */
  async streamOfPersonalData(ref: string): Promise<string | null> {
    const [row] = await this.db.query<Array<{ stream_id: string } | undefined>>(
      'SELECT stream_id FROM events WHERE personal_data ? $1 ORDER BY global_position LIMIT 1',
      [ref],
    );
    return row?.stream_id ?? null;
  }

  /** The references of the personal data one stream holds (what an erasure request names). */
  async personalDataRefs(streamId: string): Promise<string[]> {
    const rows = await this.db.query<Array<{ ref: string }>>(
      `SELECT jsonb_object_keys(personal_data) AS ref FROM events WHERE stream_id = $1 AND personal_data IS NOT NULL ORDER BY stream_version`,
      [streamId],
    );
    return rows.map((r) => r.ref);
  }

  async tailPosition(): Promise<number> {
    const [r] = await this.db.query<Array<{ p: string }>>('SELECT coalesce(max(global_position), 0) AS p FROM events');
    return Number(r.p);
  }
}

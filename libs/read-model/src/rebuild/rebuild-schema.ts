import type { DataSource } from 'typeorm';
import { recomputeTrends } from '../write/trend-cells.js';

/**
 * The tables a rebuild replaces: all derived. The quarantine, the access log, matches, hits and the
 * coordinators' common values are the hub's own facts and stay.
 */
export const DERIVED_TABLES = [
  'hub_alerts',
  'hub_feedback',
  'hub_checkpoints',
  'hub_event_log',
  'hub_trend_cells',
  'hub_correlation_keys',
  'hub_correlation_values',
] as const;
export const SHADOW = 'hub_rebuild';

/** Creates the shadow schema (or keeps it, to resume after a crash) with empty copies of the derived tables. */
export async function prepareShadow(db: DataSource, restart: boolean): Promise<boolean> {
  const [{ exists }] = await db.query<Array<{ exists: boolean }>>(`SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS exists`, [SHADOW]);
  if (exists && !restart) return true;
  await db.query(`DROP SCHEMA IF EXISTS ${SHADOW} CASCADE`);
  await db.query(`CREATE SCHEMA ${SHADOW}`);
  // Constraints (primary keys, for the upserts) now; the other indexes after the load (finishShadow).
  for (const t of DERIVED_TABLES) await db.query(`CREATE TABLE ${SHADOW}.${t} (LIKE public.${t} INCLUDING CONSTRAINTS INCLUDING STORAGE)`);
  for (const t of DERIVED_TABLES) {
    const [pk] = await db.query<Array<{ cols: string | null }>>(
      `SELECT string_agg(a.attname, ', ' ORDER BY array_position(i.indkey, a.attnum)) AS cols FROM pg_index i
      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = $1::regclass AND i.indisprimary`,
      [`public.${t}`],
    );
    if (pk?.cols) await db.query(`ALTER TABLE ${SHADOW}.${t} ADD PRIMARY KEY (${pk.cols})`);
  }
  // The stub-replay check looks hashes up in every batch: this one index is needed during the load.
  await db.query(`CREATE INDEX hub_event_log_hash_idx ON ${SHADOW}.hub_event_log (agency, (event->>'hash'))`);
  // Its own sequence for seq, owned by the shadow table so it moves with it at the swap.
  await db.query(`CREATE SEQUENCE ${SHADOW}.hub_alerts_seq OWNED BY ${SHADOW}.hub_alerts.seq`);
  await db.query(`ALTER TABLE ${SHADOW}.hub_alerts ALTER COLUMN seq SET DEFAULT nextval('${SHADOW}.hub_alerts_seq')`);
  await db.query(
    `ALTER TABLE ${SHADOW}.hub_alerts ALTER COLUMN recipients SET DEFAULT '{}', ALTER COLUMN containers SET DEFAULT '{}', ALTER COLUMN company_words SET DEFAULT '{}'`,
  );
  await db.query(`ALTER TABLE ${SHADOW}.hub_checkpoints ALTER COLUMN updated_at SET DEFAULT now()`);
  await db.query(`ALTER TABLE ${SHADOW}.hub_event_log ALTER COLUMN received_at SET DEFAULT now()`);
  // Where the rebuild is in each agency's history (stream sequence, or node log position): what makes it resumable.
  await db.query(`CREATE TABLE ${SHADOW}.rebuild_progress (agency text PRIMARY KEY, stream_seq bigint NOT NULL, source text NOT NULL DEFAULT 'stream')`);
  return false;
}

/** Builds the live tables' remaining indexes on the loaded shadow tables (cheaper than maintaining them row by row). */
export async function finishShadow(db: DataSource): Promise<void> {
  await recomputeTrends(db, SHADOW);
  const indexes: Array<{ indexdef: string; indexname: string }> = await db.query(
    `SELECT i.indexdef, i.indexname FROM pg_indexes i WHERE i.schemaname = 'public' AND i.tablename = ANY($1::text[])
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.contype = 'p')`,
    [[...DERIVED_TABLES]],
  );
  for (const ix of indexes) {
    const def = ix.indexdef.replace(
      /^CREATE (UNIQUE )?INDEX (\S+) ON public\./,
      (_m, u, _n) => `CREATE ${u ?? ''}INDEX IF NOT EXISTS ${ix.indexname} ON ${SHADOW}.`,
    );
    await db.query(def);
  }
}

/**
 * A checksum of the read model that does not depend on the order rows were written in (seq and
 * arrival times are artefacts of the order): equal checksums mean equal models. Each row enters as
 * its md5, so a million ~1 KB events stay far below PostgreSQL's 1 GB limit for one string.
 */
export async function readModelChecksum(db: DataSource, schema: string): Promise<string> {
  const [{ sum }] = await db.query<Array<{ sum: string }>>(`SELECT md5(
      coalesce((SELECT string_agg(md5(id::text || agency || status || level || recipients::text || version || state::text), '' ORDER BY id) FROM ${schema}.hub_alerts), '') ||
      coalesce((SELECT string_agg(md5(alert_id::text || agency || feedback_id::text || payload::text || version || versions::text), '' ORDER BY alert_id, agency) FROM ${schema}.hub_feedback), '') ||
      coalesce((SELECT string_agg(agency || position || hash, '' ORDER BY agency) FROM ${schema}.hub_checkpoints), '') ||
      coalesce((SELECT string_agg(md5(agency || position || event::text || (refusal IS NULL)::text), '' ORDER BY agency, position) FROM ${schema}.hub_event_log), '') ||
      coalesce((SELECT string_agg(md5(dimension || key || day || agency || level || recipients::text || count || kg || litres || pieces || containers), ''
                ORDER BY dimension, key, day, agency, level, recipients) FROM ${schema}.hub_trend_cells WHERE count <> 0), '')) AS sum`);
  return sum;
}

/**
 * Swaps the shadow tables in, atomically, once they are at least as far as the live ones.
 * Live projection transactions wait on the table locks and, PostgreSQL re-resolving names after a
 * lock wait, continue on the new tables. The old tables are kept in `hub_replaced_<time>`.
 * Returns false (nothing changed) when the shadow is still behind: consume more and try again.
 */
export async function swapIn(db: DataSource): Promise<{ swapped: boolean; oldSchema?: string }> {
  const qr = db.createQueryRunner();
  await qr.connect();
  try {
    await qr.startTransaction();
    for (const t of ['hub_checkpoints', 'hub_alerts', 'hub_feedback', 'hub_event_log', 'hub_trend_cells', 'hub_correlation_keys', 'hub_correlation_values'])
      await qr.query(`LOCK TABLE public.${t} IN ACCESS EXCLUSIVE MODE`);
    const behind = (await qr.query(
      `SELECT l.agency FROM public.hub_checkpoints l LEFT JOIN ${SHADOW}.hub_checkpoints s USING (agency) WHERE s.position IS NULL OR s.position < l.position`,
    )) as Array<{ agency: string }>;
    if (behind.length) {
      await qr.rollbackTransaction();
      return { swapped: false };
    }
    const oldSchema = `hub_replaced_${Date.now()}`;
    await qr.query(`CREATE SCHEMA ${oldSchema}`);
    for (const t of DERIVED_TABLES) {
      await qr.query(`ALTER TABLE public.${t} SET SCHEMA ${oldSchema}`);
      await qr.query(`ALTER TABLE ${SHADOW}.${t} SET SCHEMA public`);
    }
    await qr.query(`DROP SCHEMA ${SHADOW} CASCADE`);
    await qr.commitTransaction();
    return { swapped: true, oldSchema };
  } catch (e) {
    if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
    throw e;
  } finally {
    await qr.release();
  }
}

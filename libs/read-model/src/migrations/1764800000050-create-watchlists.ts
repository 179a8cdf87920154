import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Watch lists and screening (issue 13). Every import is a new version of its list; entries are kept
 * per version (a hit names the version it was found in), with one row per name or alias and its
 * normalised form, and the blocking keys in a table of their own so screening a party is an index
 * lookup, never a scan of the list. Hits are facts of the hub (kept across rebuilds, like the access
 * log): a hit whose entry left the list is marked no longer listed, never deleted.
 */
export class CreateWatchlists1764800000050 implements MigrationInterface {
  name = 'CreateWatchlists1764800000050';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE hub_watchlists (
        name            text PRIMARY KEY,
        current_version integer     NOT NULL,
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE hub_watchlist_versions (
        list          text        NOT NULL,
        version       integer     NOT NULL,
        format        text        NOT NULL,
        entries       integer     NOT NULL,
        imported_at   timestamptz NOT NULL DEFAULT now(),
        imported_by   text        NOT NULL,
        -- The background re-screen's progress (hub_alerts.seq screened through) and its end.
        screened_through bigint   NOT NULL DEFAULT 0,
        screened_at   timestamptz,
        PRIMARY KEY (list, version)
      )`);
    await q.query(`
      CREATE TABLE hub_watchlist_names (
        id          bigserial PRIMARY KEY,
        list        text    NOT NULL,
        version     integer NOT NULL,
        reference   text    NOT NULL,
        entry_kind  text    NOT NULL,
        entry_name  text    NOT NULL,
        alias       text    NOT NULL,
        quality     text    NOT NULL,
        normalised  text    NOT NULL
      )`);
    await q.query(`CREATE INDEX hub_watchlist_names_version_idx ON hub_watchlist_names (list, version)`);
    await q.query(`
      CREATE TABLE hub_watchlist_keys (
        key      text    NOT NULL,
        list     text    NOT NULL,
        version  integer NOT NULL,
        name_id  bigint  NOT NULL,
        PRIMARY KEY (key, list, version, name_id)
      )`);
    await q.query(`
      CREATE TABLE hub_screening_hits (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        alert_id       uuid        NOT NULL,
        agency         text        NOT NULL,
        party_role     text        NOT NULL,
        party_name     text        NOT NULL,
        party_is_person boolean    NOT NULL,
        list           text        NOT NULL,
        version        integer     NOT NULL,
        reference      text        NOT NULL,
        entry_kind     text        NOT NULL,
        entry_name     text        NOT NULL,
        alias          text        NOT NULL,
        alias_quality  text        NOT NULL,
        score          real        NOT NULL,
        -- Milliseconds, as the API writes them, so a page's cursor is exact.
        found_at       timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        delisted_at    timestamptz,
        UNIQUE (alert_id, list, reference, party_name)
      )`);
    await q.query(`CREATE INDEX hub_screening_hits_agency_idx ON hub_screening_hits (agency, found_at DESC, id)`);
    await q.query(`CREATE INDEX hub_screening_hits_list_idx ON hub_screening_hits (list, version)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DROP TABLE hub_screening_hits; DROP TABLE hub_watchlist_keys; DROP TABLE hub_watchlist_names; DROP TABLE hub_watchlist_versions; DROP TABLE hub_watchlists`,
    );
  }
}

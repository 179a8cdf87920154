import type { DataSource } from 'typeorm';
import type { Principal } from '@cix/auth';
import type { TicketStore } from '../stream/stream-tickets.js';

/**
 * Open stream tickets in the hub's database, so any replica redeems what another issued. The
 * DELETE … RETURNING makes a ticket single-use across replicas; expired rows are swept as new
 * tickets are issued (expired tickets never open anything: the expiry is checked on redemption).
 */
export class PostgresTicketStore implements TicketStore {
  constructor(private readonly db: DataSource) {}

  async put(digest: Buffer, principal: Principal, expiresAtMs: number): Promise<void> {
    await this.db.query(`DELETE FROM hub_stream_tickets WHERE expires_at < now() - interval '1 minute'`);
    await this.db.query(`INSERT INTO hub_stream_tickets (digest, principal, expires_at) VALUES ($1, $2, $3)`, [
      digest,
      JSON.stringify(principal),
      new Date(expiresAtMs),
    ]);
  }

  async take(digest: Buffer): Promise<{ principal: Principal; expiresAtMs: number } | null> {
    const [row] = await this.db.query<Array<{ principal: Principal; expires_at: Date } | undefined>>(
      `WITH taken AS (DELETE FROM hub_stream_tickets WHERE digest = $1 RETURNING principal, expires_at) SELECT * FROM taken`,
      [digest],
    );
    return row ? { principal: row.principal, expiresAtMs: row.expires_at.getTime() } : null;
  }
}

import type { QueryRunner } from 'typeorm';
import type { BatchResult, MessageOutcome } from './batch-projector.js';

/** Prefix of the reason an event gets when PostgreSQL refused it: a rebuild repeats such a refusal as such. */
export const POSTGRES_REFUSED = 'PostgreSQL refused the event: ';

/** Projects some of the batch's messages; `unstorable` names positions to refuse as unstorable (with the reason). */
export type ProjectPart = (messages: readonly unknown[], unstorable: Map<number, string>) => Promise<BatchResult>;

/**
 * The structural net under the shape checks: when PostgreSQL refuses the batch's data (SQLSTATE
 * class 22 or 23), the batch is halved in position order, each half in a savepoint, down to the
 * one event it refuses. That event is genuine when the chain accepted it, so it is refused like
 * one the owner binding refuses (quarantined with PostgreSQL's message, logged sealed, the chain
 * advancing over it); the rest is applied. Anything else (connection, lock, deadlock) fails the
 * batch, which the transport holds and retries. Costs two statements per batch when nothing fails.
 */
export function isolateDataRefusals(qr: QueryRunner, messages: readonly unknown[], project: ProjectPart): Promise<BatchResult> {
  return isolate(qr, messages, project, 0);
}

async function isolate(qr: QueryRunner, messages: readonly unknown[], project: ProjectPart, depth: number): Promise<BatchResult> {
  const savepoint = `cix_batch_${depth}`;
  await qr.query(`SAVEPOINT ${savepoint}`);
  try {
    const r = await project(messages, new Map());
    await qr.query(`RELEASE SAVEPOINT ${savepoint}`);
    return r;
  } catch (e) {
    const refused = dataRefusal(e);
    if (!refused) throw e;
    await qr.query(`ROLLBACK TO SAVEPOINT ${savepoint}`);
    const result = messages.length === 1 ? await refuseOne(qr, messages, project, refused) : await halves(qr, messages, project, depth);
    await qr.query(`RELEASE SAVEPOINT ${savepoint}`);
    return result;
  }
}

/** Each half in position order (the chain needs the earlier half applied first), results in the messages' order. */
async function halves(qr: QueryRunner, messages: readonly unknown[], project: ProjectPart, depth: number): Promise<BatchResult> {
  const ordered = messages.map((m, i) => ({ m, i })).sort((a, b) => positionOf(a.m) - positionOf(b.m));
  const half = Math.ceil(ordered.length / 2);
  const outcomes = new Array<MessageOutcome>(messages.length);
  const merged: BatchResult = { outcomes, refusals: [], changes: [], contested: [], notices: [] };
  for (const part of [ordered.slice(0, half), ordered.slice(half)]) {
    const r = await isolate(
      qr,
      part.map((x) => x.m),
      project,
      depth + 1,
    );
    part.forEach((x, k) => (outcomes[x.i] = r.outcomes[k]));
    merged.refusals.push(...r.refusals);
    merged.changes.push(...r.changes);
    merged.contested.push(...r.contested);
    merged.notices.push(...r.notices);
  }
  return merged;
}

/** The one event PostgreSQL refused: applied with its refusal when the chain takes it, else refused outright (the chain waits). */
async function refuseOne(qr: QueryRunner, messages: readonly unknown[], project: ProjectPart, reason: string): Promise<BatchResult> {
  await qr.query('SAVEPOINT cix_batch_refusal');
  try {
    const r = await project(messages, new Map([[positionOf(messages[0]), reason]]));
    await qr.query('RELEASE SAVEPOINT cix_batch_refusal');
    return r;
  } catch (e) {
    if (!dataRefusal(e)) throw e;
    await qr.query('ROLLBACK TO SAVEPOINT cix_batch_refusal');
    return { outcomes: [{ kind: 'refused', reason }], refusals: [], changes: [], contested: [], notices: [] };
  }
}

const positionOf = (m: unknown): number => {
  const p = (m as { position?: unknown } | null)?.position;
  return typeof p === 'number' && Number.isFinite(p) ? p : -1;
};

/**
 * PostgreSQL's message when it refused the data itself (22 data exception, 23 integrity constraint,
 * 54 program limit such as an index row too large for a very long identifier), else null.
 */
function dataRefusal(e: unknown): string | null {
  const err = e as { code?: unknown; driverError?: { code?: unknown }; message?: unknown };
  const code = err.driverError?.code ?? err.code;
  return typeof code === 'string' && /^(2[23]|54)[0-9A-Z]{3}$/.test(code) ? `${POSTGRES_REFUSED}${String(err.message)}` : null;
}

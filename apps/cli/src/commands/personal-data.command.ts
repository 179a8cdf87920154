import { generateKeyPairSync } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { alertStreamId } from '@cix/contracts';
import { EventStore } from '@cix/event-store';
import { erasePersonalData } from '../../../national-node/src/personal-data/erase-personal-data.js';
import { UsageError, type CliContext } from '../cli-context.js';

const USAGE = 'cix personal-data erase --agency KZ (--ref REF ... | --alert ID) [--database-url URL] [--json]';

/**
 * `cix personal-data erase`: a lawful erasure on one node, run by its operator with the node's
 * database (the local stack's by default). Deletes the named person records (or every person of
 * one alert) from the log's side records; the signed digests stay, so the log still verifies.
 */
export async function personalDataCommand(ctx: CliContext, argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub !== 'erase') throw new UsageError(USAGE);
  const { values } = parseArgs({
    args: rest,
    options: { agency: { type: 'string' }, ref: { type: 'string', multiple: true }, alert: { type: 'string' }, 'database-url': { type: 'string' }, json: { type: 'boolean' } },
  });
  const agency = values.agency;
  if (!agency || !/^[A-Z]{2}$/.test(agency) || (!values.ref?.length && !values.alert)) throw new UsageError(USAGE);
  const db = new DataSource({ type: 'postgres', url: values['database-url'] ?? ctx.defaults.hubDatabaseUrl.replace(/ccp_hub$/, `ccp_${agency.toLowerCase()}`) });
  await db.initialize();
  try {
    // Erasure appends nothing, so it signs nothing: the store gets a throwaway key, never the node's.
    const store = new EventStore(db, agency, { keyId: 'erasure-signs-nothing', privateKey: generateKeyPairSync('ed25519').privateKey });
    const refs = values.ref?.length ? values.ref : await store.personalDataRefs(alertStreamId(values.alert!));
    const erased: string[] = [];
    for (const ref of refs) if (await erasePersonalData(db, store, ref)) erased.push(ref);
    if (values.json) console.log(JSON.stringify({ erased, notFound: refs.filter((r) => !erased.includes(r)) }));
    else console.log(`erased ${erased.length} personal-data record(s)${erased.length < refs.length ? `; not found: ${refs.filter((r) => !erased.includes(r)).join(', ')}` : ''}`);
    process.exitCode = erased.length === refs.length && refs.length > 0 ? 0 : 1;
  } finally {
    await db.destroy();
  }
}

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { alertStreamId } from '@cix/contracts';
import { EventStore, loadSigningKey } from '@cix/event-store';
import { erasePersonalData } from '@cix/node-model';
import { UsageError, type CliContext } from '../cli-context.js';

const USAGE = 'cix personal-data erase --agency KZ (--ref REF ... | --alert ID) [--database-url URL] [--key-file PEM --key-id ID] [--json]';

/**
 * `cix personal-data erase`: a lawful erasure on one node, run by its operator with the node's
 * database and signing key (the local stack's by default). Deletes the named person records (or
 * every person of one alert) from the log's side records; the signed digests stay, so the log
 * still verifies; and appends the signed erasure event the hub applies to its copies.
 */
export async function personalDataCommand(ctx: CliContext, argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub !== 'erase') throw new UsageError(USAGE);
  const { values } = parseArgs({
    args: rest,
    options: {
      agency: { type: 'string' },
      ref: { type: 'string', multiple: true },
      alert: { type: 'string' },
      'database-url': { type: 'string' },
      'key-file': { type: 'string' },
      'key-id': { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const agency = values.agency;
  if (!agency || !/^[A-Z]{2}$/.test(agency) || (!values.ref?.length && !values.alert)) throw new UsageError(USAGE);
  const db = new DataSource({
    type: 'postgres',
    url: values['database-url'] ?? ctx.defaults.hubDatabaseUrl.replace(/ccp_hub$/, `ccp_${agency.toLowerCase()}`),
  });
  await db.initialize();
  try {
    // The erasure appends a signed PersonalDataErased (so the hub forgets too): it needs the node's own key.
    const keyFile = values['key-file'] ?? path.join(ctx.keysDir, `node-${agency}.key.pem`);
    const keyId = values['key-id'] ?? readFileSync(path.join(ctx.keysDir, `node-${agency}.kid`), 'utf8').trim();
    const store = new EventStore(db, agency, loadSigningKey(keyFile, keyId));
    const refs = values.ref?.length ? values.ref : await store.personalDataRefs(alertStreamId(values.alert!));
    const erased: string[] = [];
    for (const ref of refs) if (await erasePersonalData(db, store, ref, 'cix-personal-data-erase')) erased.push(ref);
    if (values.json) console.log(JSON.stringify({ erased, notFound: refs.filter((r) => !erased.includes(r)) }));
    else
      console.log(
        `erased ${erased.length} personal-data record(s)${erased.length < refs.length ? `; not found: ${refs.filter((r) => !erased.includes(r)).join(', ')}` : ''}`,
      );
    process.exitCode = erased.length === refs.length && refs.length > 0 ? 0 : 1;
  } finally {
    await db.destroy();
  }
}

import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { UsageError, type CliContext } from '../cli-context.js';
import { queryOf } from '../query-string.js';
import { Progress } from '../progress.js';
import { ndjsonLines } from './ndjson.js';

/** `cix replay --url URL --token T [--agency --alert --type --from --to] [--out FILE]`: export a history. */
export async function replayCommand(_ctx: CliContext, argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: 'string' },
      token: { type: 'string' },
      out: { type: 'string' },
      agency: { type: 'string' },
      alert: { type: 'string' },
      type: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  if (!values.url || !values.token) throw new UsageError('cix replay --url http://127.0.0.1:3000 --token TOKEN [--out FILE]');
  const query = queryOf({ agency: values.agency, alert: values.alert, type: values.type, from: values.from, to: values.to }).slice(1);
  const out = values.out ? createWriteStream(values.out) : process.stdout;
  const progress = new Progress('replaying', null, !!values.out && process.stderr.isTTY === true);
  let events = 0;
  for await (const line of await ndjsonLines({ url: values.url, token: values.token, query })) {
    if (events === 0 && line.includes('"cix-replay"')) {
      const { expected } = JSON.parse(line) as { expected?: unknown };
      progress.setTotal(typeof expected === 'number' ? expected : null);
    } else if (!line.startsWith('{"checkpoint":') && !line.startsWith('{"exportClaims":')) progress.update(++events);
    if (!out.write(line + '\n')) await once(out, 'drain');
  }
  progress.done();
  if (values.out) {
    (out as ReturnType<typeof createWriteStream>).end();
    await once(out, 'finish');
    console.log(values.json ? JSON.stringify({ events, file: values.out }) : `replayed ${events} events into ${values.out}`);
  }
}

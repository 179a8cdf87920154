import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ndjsonLines } from '../apps/cli/src/commands/ndjson.js';
import { signCheckpoint } from '../libs/event-store/src/integrity/checkpoint.js';
import { TrustStore, type SigningKey } from '../libs/event-store/src/integrity/event-integrity.js';
import { signedChain } from './support/signed-chain.js';
import { signExportClaims } from '../libs/event-store/src/integrity/export-claims.js';
import { verifyReplay } from '../libs/event-store/src/integrity/verify-stream.js';
import { pemToSpki, verifyExport } from '../apps/web-console/src/audit/verifier.js';

// The console's in-browser check must never call intact a file `cix verify` refuses: both read the
// same bytes into lines the same way (readline ends a line at \n, \r\n and a lone \r), then run the
// same verifier.
const pair = () => generateKeyPairSync('ed25519');
const kz = pair();
const hub = pair();
const key: SigningKey = { keyId: 'KZ-1', privateKey: kz.privateKey };
const pem = (k: ReturnType<typeof pair>) => k.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const trust = new TrustStore().add('KZ', 'KZ-1', pem(kz)).add('HUB', 'HUB-1', pem(hub));
const pins = [
  { agency: 'KZ', keyId: 'KZ-1', spki: pemToSpki(pem(kz)) },
  { agency: 'HUB', keyId: 'HUB-1', spki: pemToSpki(pem(hub)) },
];

function exportText(): string {
  const events = signedChain(key, 3);
  const header = { kind: 'cix-replay', exportedAt: '2026-11-20T09:00:00.000Z', agencies: ['KZ'], filters: {}, complete: true, expected: 3 };
  const head = signCheckpoint({ agency: 'KZ', position: 3, hash: events[2].hash, time: '2026-11-20T09:00:00.000Z' }, key);
  const claims = signExportClaims({ ...header, exporter: 'HUB', checkpoints: { KZ: 3 } }, { keyId: 'HUB-1', privateKey: hub.privateKey });
  return [header, ...events, { checkpoint: head }, claims].map((l) => JSON.stringify(l)).join('\n') + '\n';
}

async function both(text: string, chunk = 7) {
  const file = path.join(tmpdir(), `cix-verifier-${process.pid}-${Math.random().toString(36).slice(2)}.ndjson`);
  writeFileSync(file, text);
  const cli = await verifyReplay(await ndjsonLines({ file }), trust);
  const bytes = new TextEncoder().encode(text);
  // Small chunks: a line end may fall across two reads, as it does on a slow download.
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      for (let i = 0; i < bytes.length; i += chunk) c.enqueue(bytes.slice(i, i + chunk));
      c.close();
    },
  });
  const browser = await verifyExport(body, pins, () => undefined);
  return { cli, browser };
}

describe('the in-browser verifier reads an export into the same lines as cix verify', () => {
  it('an intact export, with \\n or \\r\\n line ends: intact for both', async () => {
    for (const text of [exportText(), exportText().replace(/\n/g, '\r\n')]) {
      for (const chunk of [1, 7]) {
        const { cli, browser } = await both(text, chunk);
        expect(cli.intact).toBe(true);
        expect(browser).toEqual(cli);
      }
    }
  });

  it('a lone carriage return inside an event line: cix verify finds the line malformed, and so does the browser', async () => {
    const text = exportText();
    const second = text.indexOf('\n') + 1;
    const tampered = text.slice(0, second) + text.slice(second).replace(',"', ',\r"');
    const { cli, browser } = await both(tampered);
    expect(cli.broken?.reason).toBe('malformed');
    expect(browser).toEqual(cli);
  });
});

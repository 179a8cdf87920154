import { execFile } from 'node:child_process';
import { createHash, createPublicKey } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { call, eventually, minimalSeizure } from '../support/http.js';
import { startPlatform, token } from '../support/platform.js';
import { testKeys, tmpRoot } from '../support/test-env.js';

/**
 * Threat: whoever holds an export (or sits between the exporter and the auditor) drops its tail,
 * and edits the header to match, and the offline check still said "chain intact". Every export
 * now ends with a signed checkpoint per agency; cix verify holds the events against it and says
 * which keys it trusted.
 */
const run = promisify(execFile);
const cli = (...args: string[]) => run(process.execPath, ['dist/apps/cli/src/main.js', ...args]).then((r) => ({ code: 0, out: r.stdout }), (e) => ({ code: e.code as number, out: String(e.stdout) }));
const kzKey = testKeys.nodes.KZ;
const nodeTrust = `KZ:${kzKey.keyId}=${kzKey.pub}`;
const withHub = `${nodeTrust},HUB:${testKeys.hub.keyId}=${testKeys.hub.pub}`;
const fingerprint = (pemFile: string) => createHash('sha256').update(createPublicKey(readFileSync(pemFile)).export({ type: 'spki', format: 'der' })).digest('hex');
const TOTAL = 110;

describe('offline verification detects truncation (signed checkpoints)', () => {
  let p: Awaited<ReturnType<typeof startPlatform>>;
  let auditor: string;

  beforeAll(async () => {
    await run(process.execPath, ['scripts/build.mjs', '--quiet']);
    p = await startPlatform(['KZ']);
    const officer = await token('KZ', 'officer', 'KZ-AKTAU');
    auditor = await token('KZ', 'auditor', undefined, 'kz-inspector');
    for (let i = 0; i < TOTAL; i += 10) {
      const replies = await Promise.all(Array.from({ length: 10 }, () => call('POST', `${p.nodes.KZ.url}/api/alerts`, { token: officer, body: minimalSeizure({ distribution: { level: 'regional' } }) })));
      expect(replies.map((r) => r.status)).toEqual(Array(10).fill(201));
    }
    await eventually(async () => {
      const r = await call('GET', `${p.hub.url}/api/audit/events?agency=KZ`, { token: auditor });
      return JSON.parse((r.body as string).split('\n')[0]).expected === TOTAL;
    }, 'all KZ events on the hub', 30_000);
  }, 120_000);
  afterAll(() => p?.close());

  /** Writes a changed copy of an export and runs cix verify on it. */
  async function verifyEdited(file: string, name: string, edit: (lines: string[]) => string[], trust = nodeTrust) {
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const edited = path.join(tmpRoot, `trunc-${name}.ndjson`);
    writeFileSync(edited, edit([...lines]).join('\n') + '\n');
    const human = await cli('verify', edited, '--trust', trust);
    const json = await cli('verify', edited, '--trust', trust, '--json');
    return { code: human.code, out: human.out, verdict: JSON.parse(json.out.trim().split('\n').pop()!) };
  }
  const isCheckpoint = (l: string) => 'checkpoint' in JSON.parse(l);
  /** Header, the first `n` events, and the checkpoint line(s) if `keepCheckpoint`. */
  const cutAfter = (n: number, keepCheckpoint: boolean) => (l: string[]) => [l[0], ...l.slice(1).filter((x) => !isCheckpoint(x)).slice(0, n), ...(keepCheckpoint ? l.filter(isCheckpoint) : [])];
  const setExpected = (expected: number) => (l: string[]) => [JSON.stringify({ ...JSON.parse(l[0]), expected }), ...l.slice(1)];

  describe("the node's own export", () => {
    let file: string;
    beforeAll(async () => {
      file = path.join(tmpRoot, 'trunc-node.ndjson');
      expect(await cli('replay', '--url', p.nodes.KZ.url, '--token', auditor, '--out', file)).toMatchObject({ code: 0, out: expect.stringContaining(`replayed ${TOTAL} events`) });
    });

    it('ends with a checkpoint the node signed over its head (position, hash, time)', () => {
      const lines = readFileSync(file, 'utf8').trim().split('\n');
      const last = JSON.parse(lines[lines.length - 1]);
      const lastEvent = JSON.parse(lines[lines.length - 2]);
      expect(last.checkpoint).toMatchObject({ agency: 'KZ', position: TOTAL, hash: lastEvent.hash, keyId: kzKey.keyId, over: 'checkpoint', time: expect.any(String) });
    });

    it('untouched: verifies, names the checkpoint and the trusted key with its SHA-256 fingerprint', async () => {
      const r = await cli('verify', file, '--trust', nodeTrust);
      expect(r.code).toBe(0);
      expect(r.out).toContain(`verified ${TOTAL} events (KZ ${TOTAL}), chain intact`);
      expect(r.out).toContain(`checkpoints: KZ at position ${TOTAL}`);
      expect(r.out).toContain(`trusted keys: KZ:${kzKey.keyId} sha256:${fingerprint(kzKey.pub)}`);
    });

    it('cut after 49 of 110 events, checkpoint kept: fails, saying the events end before the checkpoint', async () => {
      const r = await verifyEdited(file, 'node-49-cp', cutAfter(49, true));
      expect(r.code).toBe(1);
      expect(r.verdict).toMatchObject({ intact: false, broken: { reason: 'truncated', agency: 'KZ', position: 49 } });
      expect(r.out).toContain(`KZ events end at position 49, but KZ signed a checkpoint at position ${TOTAL}`);
    });

    it('cut after 49 events with the checkpoint line cut off too: fails for want of a checkpoint', async () => {
      const r = await verifyEdited(file, 'node-49', cutAfter(49, false));
      expect(r.code).toBe(1);
      expect(r.verdict).toMatchObject({ intact: false, broken: { reason: 'checkpoint-missing', agency: 'KZ' } });
      expect(r.out).toContain('no signed checkpoint for KZ');
    });

    it('a checkpoint moved back to position 49 is not the node’s signature', async () => {
      const r = await verifyEdited(file, 'node-49-moved', (l) => {
        const cut = cutAfter(49, true)(l);
        const cp = JSON.parse(cut[cut.length - 1]);
        const e49 = JSON.parse(cut[cut.length - 2]);
        cut[cut.length - 1] = JSON.stringify({ checkpoint: { ...cp.checkpoint, position: 49, hash: e49.hash } });
        return cut;
      });
      expect(r.code).toBe(1);
      expect(r.verdict.broken).toMatchObject({ reason: 'bad-signature', agency: 'KZ' });
    });
  });

  describe("the hub's export", () => {
    let file: string;
    beforeAll(async () => {
      file = path.join(tmpRoot, 'trunc-hub.ndjson');
      expect((await cli('replay', '--url', p.hub.url, '--token', auditor, '--agency', 'KZ', '--out', file)).code).toBe(0);
    });

    it("carries KZ's own signature over its latest event as KZ's checkpoint, attested by the hub", () => {
      const lines = readFileSync(file, 'utf8').trim().split('\n');
      const header = JSON.parse(lines[0]);
      expect(header.expected).toBe(TOTAL);
      const cp = JSON.parse(lines[lines.length - 1]).checkpoint;
      const last = JSON.parse(lines[lines.length - 2]);
      expect(cp).toMatchObject({ agency: 'KZ', position: TOTAL, hash: last.hash, signature: last.signature, keyId: kzKey.keyId, over: 'event', attestation: { agency: 'HUB', keyId: testKeys.hub.keyId } });
    });

    it('untouched: verifies with the node key alone (attestation reported as not checked) and with the hub key too', async () => {
      const alone = await cli('verify', file, '--trust', nodeTrust);
      expect(alone.code).toBe(0);
      expect(alone.out).toContain(`verified ${TOTAL} events (KZ ${TOTAL}), chain intact`);
      expect(alone.out).toContain('exporter attestation not checked');
      const both = await cli('verify', file, '--trust', withHub);
      expect(both.code).toBe(0);
      expect(both.out).toContain('attested by the exporter');
      expect(both.out).toContain(`KZ:${kzKey.keyId} sha256:${fingerprint(kzKey.pub)}`);
      expect(both.out).toContain(`HUB:${testKeys.hub.keyId} sha256:${fingerprint(testKeys.hub.pub)}`);
    });

    it('cut after 49 of 110 events, header still announcing 110: fails on the count', async () => {
      const r = await verifyEdited(file, 'hub-49', cutAfter(49, false));
      expect(r.code).toBe(1);
      expect(r.verdict.broken).toMatchObject({ reason: 'count-mismatch' });
      expect(r.out).toContain(`the header announces ${TOTAL} events, the export holds 49`);
    });

    it('cut after 49 events and the header edited to match: fails on the checkpoint', async () => {
      const r = await verifyEdited(file, 'hub-49-header', (l) => cutAfter(49, true)(setExpected(49)(l)));
      expect(r.code).toBe(1);
      expect(r.verdict.broken).toMatchObject({ reason: 'truncated', agency: 'KZ', position: 49 });
      expect(r.out).toContain(`KZ events end at position 49, but KZ signed a checkpoint at position ${TOTAL}`);
      const noCheckpoint = await verifyEdited(file, 'hub-49-header-nocp', (l) => cutAfter(49, false)(setExpected(49)(l)));
      expect(noCheckpoint.verdict.broken).toMatchObject({ reason: 'checkpoint-missing', agency: 'KZ' });
    });

    it("header edited and the checkpoint swapped for event 49's own signature: the hub's attestation exposes it", async () => {
      const swap = (keepAttestation: boolean) => (l: string[]) => {
        const cut = cutAfter(49, true)(setExpected(49)(l));
        const cp = JSON.parse(cut[cut.length - 1]).checkpoint;
        const e49 = JSON.parse(cut[cut.length - 2]);
        const { attestation, ...rest } = cp;
        cut[cut.length - 1] = JSON.stringify({ checkpoint: { ...rest, position: 49, hash: e49.hash, signature: e49.signature, ...(keepAttestation ? { attestation } : {}) } });
        return cut;
      };
      const kept = await verifyEdited(file, 'hub-swap', swap(true), withHub);
      expect(kept.code).toBe(1);
      expect(kept.verdict.broken).toMatchObject({ reason: 'bad-signature', agency: 'KZ' });
      const dropped = await verifyEdited(file, 'hub-swap-noatt', swap(false));
      expect(dropped.code).toBe(1);
      expect(dropped.out).toContain('carries no exporter attestation');
    });

    it("a full hub export (KZ and the hub's own access log) verifies with a checkpoint for each", async () => {
      const r = await cli('verify', '--url', p.hub.url, '--token', auditor, '--trust', withHub);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(new RegExp(`KZ ${TOTAL}, HUB \\d+\\), chain intact`));
      expect(r.out).toMatch(/checkpoints: KZ at position 110 .*; HUB at position \d+ as of \S+ \(signed checkpoint/);
    });
  });
});

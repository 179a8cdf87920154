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
 * which keys it trusted. The header is not signed, so the exporter also signs what the export
 * claims (scope, filters, completeness, count) in a last `{"exportClaims": ...}` line, and cix
 * verify requires the header to say the same and a checkpoint for every agency of the signed scope.
 */
const run = promisify(execFile);
const cli = (...args: string[]) =>
  run(process.execPath, ['dist/apps/cli/src/main.js', ...args]).then(
    (r) => ({ code: 0, out: r.stdout }),
    (e) => ({ code: e.code as number, out: String(e.stdout) }),
  );
const kzKey = testKeys.nodes.KZ;
const nodeTrust = `KZ:${kzKey.keyId}=${kzKey.pub}`;
const withHub = `${nodeTrust},HUB:${testKeys.hub.keyId}=${testKeys.hub.pub}`;
const fingerprint = (pemFile: string) =>
  createHash('sha256')
    .update(createPublicKey(readFileSync(pemFile)).export({ type: 'spki', format: 'der' }))
    .digest('hex');
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
      const replies = await Promise.all(
        Array.from({ length: 10 }, () =>
          call('POST', `${p.nodes.KZ.url}/api/alerts`, { token: officer, body: minimalSeizure({ distribution: { level: 'regional' } }) }),
        ),
      );
      expect(replies.map((r) => r.status)).toEqual(Array(10).fill(201));
    }
    await eventually(
      async () => {
        const r = await call('GET', `${p.hub.url}/api/audit/events?agency=KZ`, { token: auditor });
        return JSON.parse((r.body as string).split('\n')[0]).expected === TOTAL;
      },
      'all KZ events on the hub',
      30_000,
    );
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
  const isClaims = (l: string) => 'exportClaims' in JSON.parse(l);
  const isEvent = (l: string) => !isCheckpoint(l) && !isClaims(l);
  /** Header, the signed claims (kept: the one cutting cannot re-sign them), the first `n` events, and the checkpoint line(s) if `keepCheckpoint`. */
  const cutAfter = (n: number, keepCheckpoint: boolean) => (l: string[]) => [
    l[0],
    ...l.filter(isClaims),
    ...l.slice(1).filter(isEvent).slice(0, n),
    ...(keepCheckpoint ? l.filter(isCheckpoint) : []),
  ];
  const setExpected = (expected: number) => (l: string[]) => [JSON.stringify({ ...JSON.parse(l[0]), expected }), ...l.slice(1)];
  const editHeader =
    (patch: Record<string, unknown>, drop: string[] = []) =>
    (l: string[]) => {
      const h = { ...JSON.parse(l[0]), ...patch };
      for (const k of drop) delete h[k];
      return [JSON.stringify(h), ...l.slice(1)];
    };

  describe("the node's own export", () => {
    let file: string;
    beforeAll(async () => {
      file = path.join(tmpRoot, 'trunc-node.ndjson');
      expect(await cli('replay', '--url', p.nodes.KZ.url, '--token', auditor, '--out', file)).toMatchObject({
        code: 0,
        out: expect.stringContaining(`replayed ${TOTAL} events`),
      });
    });

    it('ends with a checkpoint the node signed over its head (position, hash, time), then the claims the node signed', () => {
      const lines = readFileSync(file, 'utf8').trim().split('\n');
      const cp = JSON.parse(lines[lines.length - 2]);
      const lastEvent = JSON.parse(lines[lines.length - 3]);
      expect(cp.checkpoint).toMatchObject({
        agency: 'KZ',
        position: TOTAL,
        hash: lastEvent.hash,
        keyId: kzKey.keyId,
        over: 'checkpoint',
        time: expect.any(String),
      });
      const { kind: _k, version: _v, ...header } = JSON.parse(lines[0]);
      expect(JSON.parse(lines[lines.length - 1])).toEqual({
        exportClaims: { ...header, exporter: 'KZ', expected: TOTAL, checkpoints: { KZ: TOTAL } },
        keyId: kzKey.keyId,
        signature: expect.any(String),
      });
    });

    it('untouched: verifies, names the checkpoint and the trusted key with its SHA-256 fingerprint', async () => {
      const r = await cli('verify', file, '--trust', nodeTrust);
      expect(r.code).toBe(0);
      expect(r.out).toContain(`verified ${TOTAL} events (KZ ${TOTAL}), chain intact`);
      expect(r.out).toContain(`checkpoints: KZ at position ${TOTAL}`);
      expect(r.out).toContain(`trusted keys: KZ:${kzKey.keyId} sha256:${fingerprint(kzKey.pub)}`);
      expect(r.out).toContain(`export claims (scope, filters, completeness, count) signed by KZ (key ${kzKey.keyId})`);
    });

    it('cut after 8 events, checkpoint and claims kept, the header relabelled complete:false with expected:8 (or none): not intact', async () => {
      const relabelled = await verifyEdited(file, 'node-8-relabel', (l) => editHeader({ complete: false, expected: 8 })(cutAfter(8, true)(l)));
      expect(relabelled.code).toBe(1);
      expect(relabelled.verdict).toMatchObject({ intact: false, broken: { reason: 'claims-mismatch' } });
      expect(relabelled.out).toContain("the header's complete is not what KZ signed");
      const noExpected = await verifyEdited(file, 'node-8-relabel-noexp', (l) => editHeader({ complete: false }, ['expected'])(cutAfter(8, true)(l)));
      expect(noExpected.verdict).toMatchObject({ intact: false });
    });

    it('the signed claims line cut off: not intact', async () => {
      const r = await verifyEdited(file, 'node-noclaims', (l) => l.filter((x) => !isClaims(x)));
      expect(r.code).toBe(1);
      expect(r.verdict.broken).toMatchObject({ reason: 'claims-missing' });
    });

    it('a filtered node export (?to=) is reported as filtered because the node signed it so', async () => {
      const res = await call('GET', `${p.nodes.KZ.url}/api/audit/events?to=2000-01-01T00:00:00.000Z`, { token: auditor });
      const filtered = path.join(tmpRoot, 'trunc-node-filtered.ndjson');
      writeFileSync(filtered, res.body as string);
      const r = await cli('verify', filtered, '--trust', nodeTrust);
      expect(r).toMatchObject({
        code: 0,
        out: expect.stringContaining('verified 0 events (none), chain intact (filtered export [to=2000-01-01T00:00:00.000Z], as its exporter signed'),
      });
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

    it("carries KZ's own signature over its latest event as KZ's checkpoint, attested by the hub, then the hub's signed claims", () => {
      const lines = readFileSync(file, 'utf8').trim().split('\n');
      const header = JSON.parse(lines[0]);
      expect(header.expected).toBe(TOTAL);
      const { kind: _k, version: _v, ...claims } = header;
      expect(JSON.parse(lines[lines.length - 1])).toEqual({
        exportClaims: { ...claims, exporter: 'HUB', checkpoints: { KZ: TOTAL } },
        keyId: testKeys.hub.keyId,
        signature: expect.any(String),
      });
      const cp = JSON.parse(lines[lines.length - 2]).checkpoint;
      const last = JSON.parse(lines[lines.length - 3]);
      expect(cp).toMatchObject({
        agency: 'KZ',
        position: TOTAL,
        hash: last.hash,
        signature: last.signature,
        keyId: kzKey.keyId,
        over: 'event',
        attestation: { agency: 'HUB', keyId: testKeys.hub.keyId },
      });
    });

    it('untouched: the node key alone does not verify it (the hub signed its scope and completeness); with the hub key too it verifies', async () => {
      const alone = await cli('verify', file, '--trust', nodeTrust);
      expect(alone.code).toBe(1);
      expect(alone.out).toContain(`export claims signed by HUB (key ${testKeys.hub.keyId}): unknown-key: the exporter's key is not trusted`);
      const both = await cli('verify', file, '--trust', withHub);
      expect(both.code).toBe(0);
      expect(both.out).toContain('attested by the exporter');
      expect(both.out).toContain(`KZ:${kzKey.keyId} sha256:${fingerprint(kzKey.pub)}`);
      expect(both.out).toContain(`HUB:${testKeys.hub.keyId} sha256:${fingerprint(testKeys.hub.pub)}`);
      expect(both.out).toContain(`export claims (scope, filters, completeness, count) signed by HUB (key ${testKeys.hub.keyId})`);
    });

    it('cut after 49 of 110 events, header still announcing 110: fails on the count', async () => {
      const r = await verifyEdited(file, 'hub-49', cutAfter(49, false), withHub);
      expect(r.code).toBe(1);
      expect(r.verdict.broken).toMatchObject({ reason: 'count-mismatch' });
      expect(r.out).toContain(`the header announces ${TOTAL} events, the export holds 49`);
    });

    it('cut after 49 events and the header edited to match: fails on the checkpoint', async () => {
      const r = await verifyEdited(file, 'hub-49-header', (l) => cutAfter(49, true)(setExpected(49)(l)), withHub);
      expect(r.code).toBe(1);
      expect(r.verdict.broken).toMatchObject({ reason: 'truncated', agency: 'KZ', position: 49 });
      expect(r.out).toContain(`KZ events end at position 49, but KZ signed a checkpoint at position ${TOTAL}`);
      const noCheckpoint = await verifyEdited(file, 'hub-49-header-nocp', (l) => cutAfter(49, false)(setExpected(49)(l)), withHub);
      expect(noCheckpoint.verdict.broken).toMatchObject({ reason: 'checkpoint-missing', agency: 'KZ' });
    });

    it("header edited and the checkpoint swapped for event 49's own signature: the hub's attestation exposes it", async () => {
      const swap = (keepAttestation: boolean) => (l: string[]) => {
        const cut = cutAfter(49, true)(setExpected(49)(l));
        const cp = JSON.parse(cut[cut.length - 1]).checkpoint;
        const e49 = JSON.parse(cut[cut.length - 2]);
        const { attestation, ...rest } = cp;
        cut[cut.length - 1] = JSON.stringify({
          checkpoint: { ...rest, position: 49, hash: e49.hash, signature: e49.signature, ...(keepAttestation ? { attestation } : {}) },
        });
        return cut;
      };
      const kept = await verifyEdited(file, 'hub-swap', swap(true), withHub);
      expect(kept.code).toBe(1);
      expect(kept.verdict.broken).toMatchObject({ reason: 'bad-signature', agency: 'KZ' });
      const dropped = await verifyEdited(file, 'hub-swap-noatt', swap(false), withHub);
      expect(dropped.code).toBe(1);
      expect(dropped.out).toContain('carries no exporter attestation');
    });

    it("a full hub export (KZ and the hub's own access log) verifies with a checkpoint for each", async () => {
      const r = await cli('verify', '--url', p.hub.url, '--token', auditor, '--trust', withHub);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(new RegExp(`KZ ${TOTAL}, HUB \\d+\\), chain intact`));
      expect(r.out).toMatch(/checkpoints: KZ at position 110 .*; HUB at position \d+ as of \S+ \(signed checkpoint/);
    });

    it("the hub's own access log removed (events and checkpoint) with the header's agencies and expected edited to match: not intact", async () => {
      const full = path.join(tmpRoot, 'trunc-hub-full.ndjson');
      expect((await cli('replay', '--url', p.hub.url, '--token', auditor, '--out', full)).code).toBe(0);
      const agencyOf = (l: string) => (isCheckpoint(l) ? JSON.parse(l).checkpoint.agency : JSON.parse(l).agency);
      const dropHub = (editScope: boolean) => (l: string[]) => {
        const kept = l.slice(1).filter((x) => isClaims(x) || agencyOf(x) !== 'HUB');
        expect(kept.length).toBeLessThan(l.length - 2);
        const h = JSON.parse(l[0]);
        return [
          editScope
            ? JSON.stringify({ ...h, agencies: h.agencies.filter((a: string) => a !== 'HUB'), expected: kept.filter(isEvent).length })
            : JSON.stringify({ ...h, expected: kept.filter(isEvent).length }),
          ...kept,
        ];
      };
      const edited = await verifyEdited(full, 'hub-nohub', dropHub(true), withHub);
      expect(edited.code).toBe(1);
      expect(edited.verdict.broken).toMatchObject({ reason: 'claims-mismatch' });
      expect(edited.out).toContain("the header's agencies is not what HUB signed");
      const scopeKept = await verifyEdited(full, 'hub-nohub-scope', dropHub(false), withHub);
      expect(scopeKept.code).toBe(1);
      expect(scopeKept.verdict.broken).toMatchObject({ reason: 'claims-mismatch' });
    });

    it('a filtered hub export (one type) is reported as filtered, with the filters the hub signed', async () => {
      const filtered = path.join(tmpRoot, 'trunc-hub-filtered.ndjson');
      expect((await cli('replay', '--url', p.hub.url, '--token', auditor, '--agency', 'KZ', '--type', 'AlertRaised', '--out', filtered)).code).toBe(0);
      const r = await cli('verify', filtered, '--trust', withHub);
      expect(r).toMatchObject({ code: 0, out: expect.stringContaining('filtered export [agency=KZ, type=AlertRaised], as its exporter signed') });
    });
  });
});

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launchBrowser, openConsole, PHONE, scrollsSideways } from './support/browser.js';
import { call, eventually, minimalSeizure } from './support/http.js';
import { startBrowserPlatform, token } from './support/platform.js';
import { testKeys, tmpRoot } from './support/test-env.js';

const run = promisify(execFile);
const KZ = testKeys.nodes.KZ;
const HUB = testKeys.hub;
/** `cix verify FILE --json` with the KZ node's and the hub's keys: what the browser must agree with. */
const cixVerify = (file: string) =>
  run(process.execPath, ['dist/apps/cli/src/main.js', 'verify', file, '--json', '--trust', `KZ:${KZ.keyId}=${KZ.pub},HUB:${HUB.keyId}=${HUB.pub}`]).then(
    (r) => JSON.parse(r.stdout),
    (e) => JSON.parse(String(e.stdout)),
  );

describe('web console: the auditor', () => {
  let p: Awaited<ReturnType<typeof startBrowserPlatform>>;
  let browser: Browser;
  let kz: string, az: string, kzAuditor: string;
  let alertId = '';
  let exportText = '';
  const dir = mkdtempSync(path.join(tmpRoot, 'console-audit-'));

  beforeAll(async () => {
    await run(process.execPath, ['scripts/build.mjs', '--quiet']);
    p = await startBrowserPlatform();
    browser = await launchBrowser();
    [kz, az, kzAuditor] = await Promise.all([
      token('KZ', 'officer', 'KZ-AKTAU', 'aigerim'),
      token('AZ', 'officer', 'AZ-ALYAT', 'rashad'),
      token('KZ', 'auditor', undefined, 'kz-inspector'),
    ]);
    // Raised regional, amended twice, then narrowed to TM: AZ saw it, then lost it.
    alertId = (await call('POST', `${p.nodes.KZ.url}/api/alerts`, { token: kz, body: minimalSeizure() })).body.id;
    const kzNode = (route: string, body: unknown) => call('POST', `${p.nodes.KZ.url}/api/alerts/${alertId}/${route}`, { token: kz, body });
    expect((await kzNode('amendments', { expectedVersion: 1, changes: { quantity: { value: 20, unit: 'kg' } } })).status).toBeLessThan(300);
    expect((await kzNode('amendments', { expectedVersion: 2, changes: { quantity: { value: 25, unit: 'kg' } } })).status).toBeLessThan(300);
    await eventually(async () => (await call('GET', `${p.hub.url}/api/alerts/${alertId}`, { token: az })).body?.version === 3, 'the amendments on the hub');
    expect((await kzNode('distribution', { expectedVersion: 3, level: 'bilateral', recipients: ['TM'] })).status).toBeLessThan(300);
    await eventually(async () => (await call('GET', `${p.hub.url}/api/alerts/${alertId}`, { token: az })).status === 404, 'the narrowing on the hub');
    exportText = (await call('GET', `${p.hub.url}/api/audit/events`, { token: kzAuditor })).body as string;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await p?.close();
  });

  /** The integrity screen with the KZ node's and the hub's keys pinned by hand (fingerprints checked against cix's). */
  async function integrityPage(opts: { lang?: 'en' | 'ru'; viewport?: { width: number; height: number } } = {}) {
    const c = await openConsole(browser, p.hub.url, { token: kzAuditor, hash: '#/audit/integrity', ...opts });
    const { page } = c;
    await page.getByTestId('no-pins').waitFor();
    await page.locator('details.manual-pin > summary').click();
    for (const [agency, k] of [
      ['KZ', KZ],
      ['HUB', HUB],
    ] as const) {
      await page.getByTestId('pin-agency').fill(agency);
      await page.getByTestId('pin-key-id').fill(k.keyId);
      await page.getByTestId('pin-key').fill(readFileSync(k.pub, 'utf8'));
      await page.getByTestId('pin-check').click();
      const shown = await page.getByTestId('pin-fingerprint').textContent();
      expect(shown).toBe(`sha256:${fingerprintOf(k.pub)}`);
      await page.getByTestId('pin-confirm').click();
    }
    await page.getByTestId('pins').waitFor();
    expect(await page.getByTestId('pins').locator('tbody tr').count()).toBe(2);
    return c;
  }

  /** The verdict the page shows, once verification ended. */
  async function verdictOf(page: Page) {
    const v = page.getByTestId('verdict');
    await v.waitFor({ timeout: 30_000 });
    return {
      intact: await v.getAttribute('data-intact'),
      reason: await v.getAttribute('data-reason'),
      line: await v.getAttribute('data-line'),
      text: await v.innerText(),
    };
  }

  it('downloads the replay and verifies it in the browser against pinned keys: intact, as cix verify says', async () => {
    const { page, context, cspViolations } = await integrityPage();
    await page.getByTestId('download-verify').click();
    const verdict = await verdictOf(page);
    const file = path.join(dir, 'intact.ndjson');
    writeFileSync(file, exportText);
    const cli = await cixVerify(file);
    expect(cli.intact).toBe(true);
    expect(verdict.intact).toBe('true');
    // The hub logged this very download, so the browser's export holds one more access record than the test's.
    expect(verdict.text).toMatch(/Intact: \d+ events verified \(.*\), chain intact/);
    expect(verdict.text).toContain(`KZ ${cli.perAgency.KZ}`);
    expect(verdict.text).toContain('HUB ');
    expect(verdict.text).toContain(`sha256:${fingerprintOf(KZ.pub)}`);
    expect(await page.getByTestId('verify-progress').locator('progress').getAttribute('value')).not.toBeNull();
    expect(cspViolations).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  }, 90_000);

  it('verifies a file from disk: a tampered export is broken at the same line, event and reason as cix verify names', async () => {
    const lines = exportText.trim().split('\n');
    const i = lines.findIndex((l) => {
      const e = JSON.parse(l);
      return e.agency === 'KZ' && e.position === 2 && !e.sealed;
    });
    const changed = JSON.parse(lines[i]);
    changed.payload.changes = { quantity: { value: 2, unit: 'kg' } };
    const tampered = path.join(dir, 'tampered.ndjson');
    writeFileSync(tampered, [...lines.slice(0, i), JSON.stringify(changed), ...lines.slice(i + 1)].join('\n') + '\n');
    const cut = path.join(dir, 'cut.ndjson');
    writeFileSync(cut, [...lines.slice(0, i), ...lines.slice(i + 1)].join('\n') + '\n');

    const { page, context } = await integrityPage();
    for (const [file, reason, position] of [
      [tampered, 'hash-mismatch', 2],
      [cut, 'position-gap', 3],
    ] as const) {
      const cli = await cixVerify(file);
      expect(cli.broken).toMatchObject({ reason, line: i + 1, agency: 'KZ', position });
      await page.getByTestId('verify-file').setInputFiles(file);
      await eventually(
        async () => (await page.getByTestId('verdict').getAttribute('data-reason')) === reason,
        `the browser's verdict on ${path.basename(file)}`,
      );
      const shown = await verdictOf(page);
      expect(shown).toMatchObject({ intact: 'false', reason: cli.broken.reason, line: String(cli.broken.line) });
      expect(await page.getByTestId('broken-event').innerText()).toContain(`KZ · Position ${position} · ${cli.broken.eventId}`);
    }
    const intact = path.join(dir, 'intact-file.ndjson');
    writeFileSync(intact, exportText);
    await page.getByTestId('verify-file').setInputFiles(intact);
    await eventually(async () => (await page.getByTestId('verdict').getAttribute('data-intact')) === 'true', 'the intact file verified');
    await context.close();
  }, 90_000);

  it('a key that is not pinned is not trusted: with only the KZ key pinned, the hub-signed export claims are an unknown key', async () => {
    const { page, context } = await integrityPage();
    await page.getByRole('button', { name: /Remove HUB:/ }).click();
    const file = path.join(dir, 'intact-2.ndjson');
    writeFileSync(file, exportText);
    await page.getByTestId('verify-file').setInputFiles(file);
    const v = await verdictOf(page);
    expect(v.intact).toBe('false');
    expect(v.reason).toBe('unknown-key');
    await context.close();
  }, 60_000);

  it('opens an alert timeline, and from it everyone who saw the alert (the AZ officer read it)', async () => {
    expect((await call('GET', `${p.hub.url}/api/audit/alerts/${alertId}/exposure`, { token: kzAuditor })).status).toBe(200);
    const { page, context } = await openConsole(browser, p.hub.url, { token: kzAuditor, hash: `#/audit/alerts/${alertId}` });
    await page.getByTestId('timeline').waitFor();
    expect(await page.getByTestId('timeline-entry').count()).toBe(4);
    await page.getByRole('link', { name: 'Everyone who saw it (access log)' }).click();
    await eventually(async () => (await page.getByTestId('access-log').innerText()).includes('rashad'), 'the AZ officer among the readers');
    // Actions read as words; the code stays in the cell's title.
    const read = page.getByTestId('access-log').locator('td[data-action="alert.read"]').first();
    expect(await read.innerText()).toMatch(/^Read an alert\b/);
    expect(await read.getAttribute('title')).toBe('alert.read');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  }, 60_000);

  it('alert history opens on the alerts in the auditor’s scope, newest first, each opening its timeline', async () => {
    const { page, context } = await openConsole(browser, p.hub.url, { token: kzAuditor, hash: '#/audit/alerts' });
    const rows = page.getByTestId('scope-alerts').locator('tbody tr');
    await rows.first().waitFor();
    expect(await page.getByTestId('timeline-id').isVisible()).toBe(true);
    await rows.first().getByRole('link').click();
    await page.getByTestId('timeline').waitFor();
    expect(page.url()).toContain(`#/audit/alerts/${alertId}`);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  }, 60_000);

  it('the alert page links an auditor, and only an auditor, to its history and to everyone who saw it', async () => {
    const officer = await openConsole(browser, p.hub.url, { token: kz, hash: `#/alerts/KZ/${alertId}` });
    await officer.page.getByTestId('alert-detail').waitFor();
    expect(await officer.page.getByTestId('auditor-links').count()).toBe(0);
    await officer.context.close();
    const { page, context } = await openConsole(browser, p.hub.url, { token: kzAuditor, hash: `#/alerts/KZ/${alertId}` });
    const links = page.getByTestId('auditor-links');
    await links.waitFor();
    expect(await links.getByRole('link', { name: 'Everyone who saw it (access log)' }).getAttribute('href')).toContain(`alert=${alertId}`);
    await links.getByRole('link', { name: 'Alert history' }).click();
    await page.getByTestId('timeline').waitFor();
    await context.close();
  }, 60_000);

  it('the timeline shows before → after for each amendment, and who lost access on the narrowing', async () => {
    const { page, context } = await openConsole(browser, p.hub.url, { token: kzAuditor, hash: `#/audit/alerts/${alertId}` });
    await page.getByTestId('timeline').waitFor();
    const diffs = page.getByTestId('diff');
    await diffs.first().waitFor();
    const text = await page.getByTestId('timeline').innerText();
    // Field paths labelled (the path kept in small print), codes through their labels, the raw value in the title.
    expect(text).toMatch(/Quantity\s+quantity\.value\s+12\.5\s+20/);
    expect(text).toMatch(/quantity\.value\s+20\s+25/);
    expect(text).toMatch(/Distribution\s+distribution\.level\s+All participating agencies\s+Named agencies/);
    expect(await page.locator('td.after[title="bilateral"]').count()).toBe(1);
    expect(await page.getByTestId('lost').first().innerText()).toContain('AZ');
    expect(text).toMatch(/Received by the hub/);
    await context.close();
  }, 60_000);

  it('offers the hub’s keys for pinning only on confirmation, and flags a pinned key that changed', async () => {
    const { page, context } = await openConsole(browser, p.hub.url, { token: kzAuditor, hash: '#/audit/integrity' });
    const kzKey = page.locator(`[data-key="KZ:${KZ.keyId}"]`);
    await kzKey.waitFor();
    expect(await kzKey.getAttribute('data-state')).toBe('unpinned');
    // Nothing pinned: verifying could only end "broken", so the page asks for a pin first.
    expect(await page.getByTestId('download-verify').isDisabled()).toBe(true);
    expect(await page.getByTestId('pin-first').isVisible()).toBe(true);
    await kzKey.getByRole('button').click();
    expect(await kzKey.getAttribute('data-state')).toBe('unpinned');
    await kzKey.getByRole('button', { name: /I compared the fingerprint/ }).click();
    expect(await kzKey.getAttribute('data-state')).toBe('pinned');
    expect(await page.getByTestId('download-verify').isDisabled()).toBe(false);
    // The stored pin swapped for another key: the hub's key no longer matches it.
    await page.evaluate(
      ([kid, other]) => {
        const w = globalThis as unknown as { localStorage: { getItem(k: string): string | null; setItem(k: string, v: string): void } };
        const k = 'cix.audit.pins.KZ.kz-inspector';
        const pins = JSON.parse(w.localStorage.getItem(k)!);
        w.localStorage.setItem(k, JSON.stringify(pins.map((x: { keyId: string }) => (x.keyId === kid ? { ...x, fingerprint: other } : x))));
      },
      [KZ.keyId, `sha256:${'0'.repeat(64)}`] as const,
    );
    await page.reload();
    await page.getByTestId('key-changed').waitFor();
    expect(await page.getByTestId('key-changed').innerText()).toContain(`KZ:${KZ.keyId}`);
    await context.close();
  }, 60_000);

  it('downloads the audit report PDF; its counts and chain tips match the export it describes, which verifies here', async () => {
    const { page, context } = await integrityPage();
    await page.goto(`${p.hub.url}/#/audit/report`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-pdf').click()]);
    const pdf = readFileSync(await download.path());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(pdf);
    const exp = (await call('GET', `${p.hub.url}/api/audit/report/export`, { token: kzAuditor })).body as string;
    const events = exp
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((e) => e.agency === 'KZ' && e.position);
    const tip = events[events.length - 1];
    expect(text.replace(/\s+/g, ' ')).toMatch(new RegExp(`KZ: ${events.length} events in the export .*chain tip: position ${tip.position}`));
    expect(text.replace(/\s+/g, '')).toContain(tip.hash);
    await page.getByTestId('report-verify').click();
    expect((await verdictOf(page)).intact).toBe('true');
    await context.close();
  }, 90_000);

  it('the access log filters by agency; the quarantine and the as-of view answer', async () => {
    const { page, context } = await openConsole(browser, p.hub.url, { token: kzAuditor, hash: '#/audit/access-log?agency=AZ' });
    await page.getByTestId('access-log').locator('tbody tr').first().waitFor();
    expect(await page.getByTestId('access-log').innerText()).not.toMatch(/KZ · officer/);
    await page.goto(`${p.hub.url}/#/audit/quarantine`);
    await page.getByTestId('quarantine').waitFor();
    expect(await page.locator('.error').count()).toBe(0);
    // "Show" without a moment says what is missing, at the field.
    await page.goto(`${p.hub.url}/#/audit/as-of`);
    await page.getByTestId('asof-show').click();
    expect(await page.getByTestId('asof-at-missing').innerText()).toContain('Choose the moment');
    expect(await page.getByTestId('asof-at').getAttribute('aria-invalid')).toBe('true');
    expect(
      await page.getByTestId('asof-at').evaluate((el) => el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement),
    ).toBe(true);
    const at = new Date().toISOString();
    await page.goto(`${p.hub.url}/#/audit/as-of?principal=KZ&role=officer&at=${encodeURIComponent(at)}`);
    await page.getByTestId('asof-alerts').locator('tbody tr').first().waitFor();
    expect(await page.locator('.error').count()).toBe(0);
    await context.close();
  }, 60_000);

  it('every audit screen in Russian at phone width: no sideways scrolling, no serious axe violation', async () => {
    const { page, context } = await integrityPage({ lang: 'ru', viewport: PHONE });
    const file = path.join(dir, 'ru.ndjson');
    writeFileSync(file, exportText);
    await page.getByTestId('verify-file').setInputFiles(file);
    expect((await verdictOf(page)).text).toContain('Целостность подтверждена');
    for (const hash of [
      '#/audit/integrity',
      '#/audit/alerts',
      `#/audit/alerts/${alertId}`,
      '#/audit/access-log',
      '#/audit/as-of',
      '#/audit/quarantine',
      '#/audit/report',
    ]) {
      await page.goto(`${p.hub.url}/${hash}`);
      await page.locator('main h2').first().waitFor();
      await page.waitForLoadState('networkidle');
      expect({ hash, sideways: await scrollsSideways(page) }).toEqual({ hash, sideways: false });
      expect({ hash, axe: await axeViolations(page) }).toEqual({ hash, axe: [] });
    }
    expect(await page.getByTestId('nav').innerText()).toContain('Целостность');
    await context.close();
  }, 120_000);
});

function fingerprintOf(pemFile: string): string {
  const der = Buffer.from(
    readFileSync(pemFile, 'utf8')
      .replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '')
      .replace(/\s+/g, ''),
    'base64',
  );
  return createHash('sha256').update(der).digest('hex');
}

async function pdfText(pdf: Buffer): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf) }).promise;
  let out = '';
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    out += content.items.map((x) => ('str' in x ? x.str : '')).join(' ') + '\n';
  }
  return out;
}

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type Browser, type Page } from 'playwright-core';
import { call, eventually, minimalSeizure } from './support/http.js';
import { startPlatform, token } from './support/platform.js';

// The coordinator's dashboard in a real browser (Debian's Chromium, driven by playwright-core),
// against a real hub with real data: the figures, a filter, the drill-down and the language switch.
const CHROMIUM = '/usr/bin/chromium';

describe('web console: coordinator dashboard', () => {
  let p: Awaited<ReturnType<typeof startPlatform>>;
  let browser: Browser;
  let page: Page;
  let coordinator: string;
  /** Waits until an element shows exactly this text (the page fetches asynchronously). */
  const waitText = (id: string, text: string) =>
    page.waitForFunction(([i, t]) => (globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } }).document.querySelector(`[data-testid="${i}"]`)?.textContent === t, [id, text]);

  beforeAll(async () => {
    if (!existsSync('apps/web-console/dist/index.html')) execFileSync(process.execPath, ['scripts/build-console.mjs', '--quiet']);
    p = await startPlatform(['AZ', 'KZ', 'TM']);
    const [kz, tm] = await Promise.all([token('KZ', 'officer', 'KZ-AKTAU'), token('TM', 'officer', 'TM-TURKMENBASHI')]);
    coordinator = await token('CCP', 'coordinator');
    const post = async (t: string, node: string, body: unknown) => (await call('POST', `${node}/api/alerts`, { token: t, body })).body.id as string;
    await post(kz, p.nodes.KZ.url, minimalSeizure({ occurredAt: '2026-10-12T08:00:00Z' }));
    await post(kz, p.nodes.KZ.url, minimalSeizure({ occurredAt: '2026-11-12T08:00:00Z' }));
    await post(kz, p.nodes.KZ.url, minimalSeizure({ distribution: { level: 'bilateral', recipients: ['AZ'] } }));
    await post(tm, p.nodes.TM.url, minimalSeizure({ unit: 'TM-TURKMENBASHI', occurredAt: '2026-11-14T08:00:00Z', commodity: { category: 'cigarettes', description: 'cigarettes in furniture' }, quantity: { value: 9000, unit: 'pieces' } }));
    const hra = await post(kz, p.nodes.KZ.url, minimalSeizure({ kind: 'high-risk-consignment', quantity: undefined, commodity: { category: 'precursors', description: 'acetic anhydride' } }));
    await eventually(async () => (await call('GET', `${p.hub.url}/api/alerts/${hra}`, { token: coordinator })).status === 200, 'data on the hub');
    await eventually(async () => (await call('GET', `${p.hub.url}/api/alerts?limit=50`, { token: coordinator })).body.items.length === 4, 'all regional alerts on the hub');
    browser = await chromium.launch({
      executablePath: CHROMIUM, headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await p?.close();
  });

  it('loads at / and signs in with a pasted token', async () => {
    await page.goto(p.hub.url);
    await expect(page.getByTestId('app-title').textContent()).resolves.toBe('Caspian Intel Exchange');
    await page.getByTestId('token').fill(coordinator);
    await page.getByTestId('sign-in').click();
    await page.getByTestId('who').waitFor();
    expect(await page.getByTestId('who').textContent()).toContain('CCP · coordinator');
  }, 30_000);

  it('shows the seeded numbers the coordinator may see (not the bilateral alert)', async () => {
    await waitText('total-seizures', '3');
    const labels = JSON.parse((await page.getByTestId('chart-ports').getAttribute('data-labels'))!);
    const values = JSON.parse((await page.getByTestId('chart-ports').getAttribute('data-values'))!);
    expect(Object.fromEntries(labels.map((l: string, i: number) => [l, values[0].data[i]]))).toEqual({ 'KZ-AKTAU': 2, 'TM-TURKMENBASHI': 1 });
    const series = JSON.parse((await page.getByTestId('chart-series').getAttribute('data-values'))!);
    expect(series.map((s: { label: string }) => s.label).sort()).toEqual(['Cigarettes', 'Drugs']);
    expect(await page.getByTestId('routes').textContent()).toContain('AF → TM → AZ');
  }, 30_000);

  it('a date filter changes the figures', async () => {
    await page.getByTestId('from').fill('2026-11-01');
    await page.getByTestId('apply').click();
    await waitText('total-seizures', '2');
  }, 30_000);

  it('drills down from the effectiveness panel to the alerts behind it', async () => {
    await page.getByTestId('effectiveness').locator('tbody tr').first().click();
    await page.getByTestId('drill').waitFor();
    expect(await page.getByTestId('drill').textContent()).toContain('acetic anhydride');
  }, 30_000);

  it('switches to Russian, all labels from the translation files, and saves a screenshot', async () => {
    await page.getByTestId('lang').click();
    await waitText('app-title', 'Каспийский обмен оперативной информацией');
    expect(await page.getByTestId('title-series').textContent()).toBe('Изъятия по видам товаров, по месяцам');
    await page.getByTestId('lang').click();
    await page.getByTestId('from').fill('2026-01-01');
    await page.getByTestId('apply').click();
    await waitText('total-seizures', '3');
    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/dashboard.png', fullPage: true });
    expect(existsSync('test-artifacts/dashboard.png')).toBe(true);
  }, 30_000);
});

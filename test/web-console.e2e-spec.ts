import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type Browser, type Page } from 'playwright-core';
import { issueToken } from '@cix/auth';
import { call, eventually } from './support/http.js';
import { startPlatform, token } from './support/platform.js';
import { testKeys, tmpRoot } from './support/test-env.js';
import { seedCommand } from '../apps/cli/src/commands/seed.command.js';
import { seedDataset } from '../apps/cli/src/commands/seed.dataset.js';

// The coordinator's dashboard in a real browser (Debian's Chromium, driven by playwright-core),
// against a real hub with real data: the figures, a filter, the drill-down and the language switch.
const CHROMIUM = '/usr/bin/chromium';

describe('web console: coordinator dashboard', () => {
  let p: Awaited<ReturnType<typeof startPlatform>>;
  let browser: Browser;
  let page: Page;
  let coordinator: string;
  const cspViolations: string[] = [];
  let expected: (q: string) => Promise<Array<{ key: string; count: number }>>;
  const sum = (rows: Array<{ count: number }>) => String(rows.reduce((a, r) => a + r.count, 0));
  /** Waits until an element shows exactly this text (the page fetches asynchronously). */
  const waitText = (id: string, text: string) =>
    page.waitForFunction(
      ([i, t]) =>
        (globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } }).document.querySelector(`[data-testid="${i}"]`)
          ?.textContent === t,
      [id, text],
    );

  beforeAll(async () => {
    if (!existsSync('apps/web-console/dist/index.html')) execFileSync(process.execPath, ['scripts/build-console.mjs', '--quiet']);
    p = await startPlatform(['AZ', 'KZ', 'TM']);
    coordinator = await token('CCP', 'coordinator');
    // The demo data set of the local stack (`cix seed`), posted through the nodes' public API.
    const log = console.log;
    console.log = () => undefined;
    try {
      await seedCommand(
        {
          dataDir: tmpRoot,
          keysDir: path.dirname(testKeys.issuers.KZ.key),
          urls: { hub: p.hub.url, AZ: p.nodes.AZ.url, KZ: p.nodes.KZ.url, TM: p.nodes.TM.url },
          defaults: { hubDatabaseUrl: p.hub.databaseUrl, natsUrl: p.nats.url },
        },
        ['--quiet'],
      );
    } finally {
      console.log = log;
    }
    const regional = seedDataset().filter(
      (a) =>
        (a.body.distribution as { level: string }).level === 'regional' ||
        ((a.body.distribution as { recipients?: string[] }).recipients ?? []).includes('CCP'),
    ).length;
    await eventually(
      async () => (await call('GET', `${p.hub.url}/api/alerts?limit=200`, { token: coordinator })).body.items.length === regional,
      'the seeded alerts the coordinator may see, on the hub',
      30_000,
    );
    expected = async (q: string) => (await call('GET', `${p.hub.url}/api/trends/seizures?${q}`, { token: coordinator })).body.rows;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    // The hub serves the console under a strict Content-Security-Policy: any violation is a bug.
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
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

  it('shows the seeded numbers the coordinator may see', async () => {
    const byUnit = await expected('groupBy=unit&from=2026-01-01');
    expect(byUnit.length).toBeGreaterThan(1);
    await waitText('total-seizures', sum(byUnit));
    const labels = JSON.parse((await page.getByTestId('chart-ports').getAttribute('data-labels'))!);
    const values = JSON.parse((await page.getByTestId('chart-ports').getAttribute('data-values'))!);
    expect(Object.fromEntries(labels.map((l: string, i: number) => [l, values[0].data[i]]))).toEqual(Object.fromEntries(byUnit.map((r) => [r.key, r.count])));
    const series = JSON.parse((await page.getByTestId('chart-series').getAttribute('data-values'))!);
    const commodities = (await expected('groupBy=commodity&from=2026-01-01')).map((r) => r.key);
    expect(series.length).toBe(commodities.length);
    const topRoute = (await expected('groupBy=route&from=2026-01-01'))[0].key.replace(/>/g, ' → ').replace(/\+/g, ', ');
    expect(await page.getByTestId('routes').textContent()).toContain(topRoute);
  }, 30_000);

  it('a date filter changes the figures', async () => {
    const all = sum(await expected('groupBy=unit&from=2026-01-01'));
    const fromSeptember = sum(await expected('groupBy=unit&from=2026-09-01'));
    expect(fromSeptember).not.toBe(all);
    await page.getByTestId('from').fill('2026-09-01');
    await page.getByTestId('apply').click();
    await waitText('total-seizures', fromSeptember);
  }, 30_000);

  it('drills down from the effectiveness panel to the alerts behind it', async () => {
    const first = page.getByTestId('effectiveness').locator('tbody tr').first();
    const agency = (await first.locator('td').first().textContent())!;
    await first.click();
    await page.getByTestId('drill').waitFor();
    const rows = page.getByTestId('drill').locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    for (const text of await rows.allTextContents()) expect(text).toContain(agency);
  }, 30_000);

  it('drills down from a route to the alerts behind it', async () => {
    const first = page.getByTestId('routes').locator('tbody tr').first();
    const count = Number(await first.locator('td').nth(1).textContent());
    await first.click();
    await page.waitForFunction(
      (n) =>
        (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll('[data-testid="drill"] tbody tr')
          .length === n,
      count,
    );
  }, 30_000);

  it('switches to Russian, all labels from the translation files, and saves a screenshot', async () => {
    await page.getByTestId('lang').click();
    await waitText('app-title', 'Каспийский обмен оперативной информацией');
    expect(await page.getByTestId('title-series').textContent()).toBe('Изъятия по видам товаров, по месяцам');
    await page.getByTestId('lang').click();
    await page.getByTestId('from').fill('2026-01-01');
    await page.getByTestId('apply').click();
    await waitText('total-seizures', sum(await expected('groupBy=unit&from=2026-01-01')));
    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/dashboard.png', fullPage: true });
    expect(existsSync('test-artifacts/dashboard.png')).toBe(true);
  }, 30_000);

  it('an expired token leads back to sign-in with a notice, never to stale figures', async () => {
    const shortLived = await issueToken(readFileSync(testKeys.issuers.CCP.key), { agency: 'CCP', role: 'coordinator' }, 3);
    await page.goto(p.hub.url);
    if (await page.getByTestId('sign-out').count()) await page.getByTestId('sign-out').click();
    await page.getByTestId('token').fill(shortLived);
    await page.getByTestId('sign-in').click();
    await page.getByTestId('who').waitFor();
    await new Promise((r) => setTimeout(r, 3500));
    await page.reload(); // the console asks the hub again with the token it holds, now expired
    await page.getByTestId('session-ended').waitFor();
    expect(await page.getByTestId('who').count()).toBe(0);
    await page.getByTestId('token').waitFor();
  }, 30_000);

  it('runs under the Content-Security-Policy without a single violation', async () => {
    const csp = (await fetch(p.hub.url)).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(cspViolations).toEqual([]);
  });
});

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { issueToken } from '@cix/auth';
import { axeViolations, launchBrowser, openConsole, PHONE, scrollsSideways, type ConsolePage } from './support/browser.js';
import { call, eventually, minimalSeizure } from './support/http.js';
import { startBrowserPlatform, token } from './support/platform.js';
import { testKeys, tmpRoot } from './support/test-env.js';
import { seedCommand } from '../apps/cli/src/commands/seed.command.js';
import { seedDataset } from '../apps/cli/src/commands/seed.dataset.js';

// The coordinator's dashboard and the console's shell in a real browser (Debian's Chromium, driven by
// playwright-core), against a real hub with the demo data set: the figures and their quantities, the
// effectiveness by receiving agency, every figure opening the alerts behind it (paged, each row
// opening the alert), CSV, live figures, Intl formatting in Russian, phone width, keyboard, axe.
type Doc = { document: { querySelector(s: string): { textContent: string } | null; querySelectorAll(s: string): { length: number } } };
const text = (page: Page, id: string) => page.getByTestId(id).textContent();
const waitText = (page: Page, id: string, want: string) =>
  page.waitForFunction(([i, t]) => (globalThis as unknown as Doc).document.querySelector(`[data-testid="${i}"]`)?.textContent === t, [id, want] as const);
const drillRows = (page: Page) => page.getByTestId('drill').locator('tbody tr');
const waitDrillRows = (page: Page, n: number) =>
  page.waitForFunction((want) => (globalThis as unknown as Doc).document.querySelectorAll('[data-testid="drill"] tbody tr').length === want, n);

describe('web console: coordinator dashboard and the console as a whole', () => {
  let p: Awaited<ReturnType<typeof startBrowserPlatform>>;
  let browser: Browser;
  let coordinator: string;
  let desk: ConsolePage;
  const en = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
  const rows = async (trend: string, q: string) => (await call('GET', `${p.hub.url}/api/trends/${trend}?${q}`, { token: coordinator })).body.rows;
  const sum = (r: Array<{ count: number }>) => r.reduce((a, x) => a + x.count, 0);

  beforeAll(async () => {
    if (!existsSync('apps/web-console/dist/index.html')) execFileSync(process.execPath, ['scripts/build-console.mjs', '--quiet']);
    p = await startBrowserPlatform();
    coordinator = await token('CCP', 'coordinator');
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
    browser = await launchBrowser();
    desk = await openConsole(browser, p.hub.url, { token: coordinator, lang: 'en' });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await p?.close();
  });

  it('signs in by the session token and shows the seeded figures with their quantities', async () => {
    const { page } = desk;
    await page.getByTestId('who').waitFor();
    expect(await text(page, 'who')).toContain('CCP · coordinator');
    const byUnit = await rows('seizures', 'groupBy=unit&from=2026-01-01');
    expect(byUnit.length).toBeGreaterThan(1);
    await waitText(page, 'total-seizures', String(sum(byUnit)));
    const kg = byUnit.reduce((a: number, r: { quantity: { kg: number } }) => a + r.quantity.kg, 0);
    expect(kg).toBeGreaterThan(0);
    expect(await text(page, 'total-kg')).toBe(en.format(kg));
    const labels = JSON.parse((await page.getByTestId('chart-ports').getAttribute('data-labels'))!);
    const values = JSON.parse((await page.getByTestId('chart-ports').getAttribute('data-values'))!);
    expect(Object.fromEntries(labels.map((l: string, i: number) => [l, values[0].data[i]]))).toEqual(
      Object.fromEntries(byUnit.map((r: any) => [r.key, r.count])),
    );
    // The chart's text alternative: a summary naming the total, and the figures as a table with quantities.
    expect(await text(page, 'chart-ports-summary')).toContain(`${sum(byUnit)} seizures`);
    const top = byUnit[0];
    const topRow = page.getByTestId('ports-table').locator('tbody tr').first();
    expect(await topRow.locator('td').allTextContents()).toEqual([
      top.key,
      String(top.count),
      en.format(top.quantity.kg),
      en.format(top.quantity.litres),
      String(top.quantity.pieces),
    ]);
    const series = JSON.parse((await page.getByTestId('chart-series').getAttribute('data-values'))!);
    expect(series.length).toBe((await rows('seizures', 'groupBy=commodity&from=2026-01-01')).length);
    const topRoute = (await rows('seizures', 'groupBy=route&from=2026-01-01'))[0].key.replace(/>/g, ' → ').replace(/\+/g, ', ');
    expect(await text(page, 'routes')).toContain(topRoute);
  }, 60_000);

  it('a date filter changes the figures', async () => {
    const { page } = desk;
    const fromSeptember = sum(await rows('seizures', 'groupBy=unit&from=2026-09-01'));
    expect(fromSeptember).not.toBe(sum(await rows('seizures', 'groupBy=unit&from=2026-01-01')));
    await page.getByTestId('from').fill('2026-09-01');
    await page.getByTestId('apply').click();
    await waitText(page, 'total-seizures', String(fromSeptember));
    await page.getByTestId('from').fill('2026-01-01');
    await page.getByTestId('apply').click();
    await waitText(page, 'total-seizures', String(sum(await rows('seizures', 'groupBy=unit&from=2026-01-01'))));
  }, 30_000);

  it('shows effectiveness by receiving agency, answered/overdue split, each figure opening exactly its alerts', async () => {
    const { page } = desk;
    // TM answers one regional high-risk alert of KZ: its "answered" figure and the list behind it show it.
    const kzRegional = (await call('GET', `${p.hub.url}/api/alerts?agency=KZ&kind=high-risk-consignment&limit=200`, { token: coordinator })).body.items.find(
      (a: any) => a.distribution.level === 'regional' && a.status !== 'retracted',
    );
    const tm = await token('TM', 'officer', 'TM-TURKMENBASHI');
    const answer = await call('POST', `${p.nodes.TM.url}/api/feedback`, { token: tm, body: { alertId: kzRegional.id, outcome: 'nothing-found' } });
    expect(answer.status).toBe(201);
    await eventually(
      async () => (await rows('effectiveness', 'groupBy=receivingAgency&from=2026-01-01')).find((r: any) => r.key === 'TM')?.feedbackGiven === 1,
      'TM answered',
    );
    await page.reload();
    const expected = await rows('effectiveness', 'groupBy=receivingAgency&from=2026-01-01');
    const tmRow = expected.find((r: any) => r.key === 'TM');
    const row = page.locator('[data-testid="effectiveness"] tr[data-agency="TM"]');
    await page.waitForFunction(
      (n) => (globalThis as unknown as Doc).document.querySelector('tr[data-agency="TM"] [data-testid="answered"]')?.textContent === n,
      '1',
    );
    expect(await text(page, 'title-effectiveness-title')).toBe('Alert effectiveness by receiving agency');
    expect(await row.locator('[data-testid="asked"]').textContent()).toBe(String(tmRow.alerts));
    expect(await row.locator('[data-testid="overdue"]').textContent()).toBe(String(tmRow.overdue));
    expect(Number(await row.locator('[data-testid="unanswered"]').textContent())).toBe(tmRow.alerts - tmRow.feedbackGiven - tmRow.overdue);

    await row.locator('[data-testid="asked"] a').click();
    await waitDrillRows(page, tmRow.alerts);
    expect(await text(page, 'drill-title')).toContain('asked of Turkmenistan (TM)');
    await page.goBack();
    await page.locator('tr[data-agency="TM"] [data-testid="answered"] a').click();
    await waitDrillRows(page, 1);
    // Each row opens the alert's detail.
    expect(await drillRows(page).first().locator('a').getAttribute('href')).toBe(`#/alerts/KZ/${kzRegional.id}`);
    // Its CSV button downloads the API's CSV of exactly these alerts.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('csv-drill').click()]);
    expect(download.suggestedFilename()).toMatch(/^cix-alerts-.*\.csv$/);
    const lines = readFileSync(await download.path(), 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines.map((l) => l.split(',')[0])).toEqual(['id', kzRegional.id]);

    // Whether an agency answered is feedback: an officer of a third agency cannot filter by it.
    const az = await token('AZ', 'officer', 'AZ-ALYAT');
    const asAz = await call('GET', `${p.hub.url}/api/alerts?askedOf=TM&answer=given`, { token: az });
    expect(asAz.status).toBe(200);
    expect(asAz.body.items.map((a: any) => a.id)).not.toContain(kzRegional.id);
    expect((await call('GET', `${p.hub.url}/api/alerts?answer=given`, { token: coordinator })).status).toBe(400);
  }, 60_000);

  it('drills down from a route and from the chart', async () => {
    const { page } = desk;
    await page.goto(`${p.hub.url}/#/dashboard`);
    const first = page.getByTestId('routes').locator('tbody tr').first();
    await first.waitFor();
    const count = Number(await first.locator('td').nth(1).textContent());
    await first.locator('a').click();
    await waitDrillRows(page, count);
    await page.goBack();
    await page.getByTestId('routes').locator('tbody a').first().waitFor();
    // A click on the bar chart opens the alerts of that unit (as the table's link does).
    await page.getByTestId('chart-ports').locator('canvas').waitFor();
    const box = (await page.getByTestId('chart-ports').locator('canvas').boundingBox())!;
    const labels = JSON.parse((await page.getByTestId('chart-ports').getAttribute('data-labels'))!);
    const values = JSON.parse((await page.getByTestId('chart-ports').getAttribute('data-values'))!)[0].data;
    // The first bar is the tallest (units come most seizures first): click half-way up inside it.
    await page.mouse.click(box.x + 30 + ((box.width - 30) / labels.length) * 0.5, box.y + box.height * 0.4);
    await waitDrillRows(page, values[0]);
    expect(await text(page, 'drill-title')).toContain(labels[0]);
  }, 30_000);

  it('updates the figures live from the feed, and pages through the alerts behind a figure', async () => {
    const { page } = desk;
    await page.goto(`${p.hub.url}/#/dashboard`);
    const before = sum(await rows('seizures', 'groupBy=unit&from=2026-01-01'));
    await waitText(page, 'total-seizures', String(before));
    await page.waitForFunction(() => (globalThis as unknown as Doc).document.querySelector('[data-testid="live"][data-state="live"]') !== null);
    const kz = await token('KZ', 'officer', 'KZ-AKTAU');
    const bulk = Array.from({ length: 55 }, (_, i) =>
      minimalSeizure({ occurredAt: `2026-03-${String((i % 28) + 1).padStart(2, '0')}T08:00:00Z`, containers: [], quantity: { value: 2, unit: 'kg' } }),
    );
    expect((await call('POST', `${p.nodes.KZ.url}/api/alerts/bulk`, { token: kz, body: bulk })).status).toBe(201);
    // No reload: the feed announced the new alerts and the dashboard fetched its figures again.
    await waitText(page, 'total-seizures', String(before + 55));
    await page.getByTestId('total-seizures').click();
    await waitDrillRows(page, 50);
    await page.getByTestId('more').click();
    await waitDrillRows(page, before + 55);
    expect(await page.getByTestId('more').count()).toBe(0);
  }, 60_000);

  it('downloads the CSV the API writes for a table and a chart', async () => {
    const { page } = desk;
    await page.goto(`${p.hub.url}/#/dashboard`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('csv-effectiveness-title').click()]);
    expect(download.suggestedFilename()).toMatch(/^cix-trends-effectiveness-by-receivingAgency-.*\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.replace(/^\uFEFF/, '').split(/\r?\n/)[0]).toBe('key,alerts,feedbackGiven,overdue,hits,hitRate,medianHoursToFeedback');
    const [chart] = await Promise.all([page.waitForEvent('download'), page.getByTestId('csv-series').click()]);
    expect(readFileSync(await chart.path(), 'utf8')).toContain('key,series,count,kg,litres,pieces,containers');
  }, 30_000);

  it('is keyboard reachable: skip link, figures as links, Enter opens the alerts behind a figure', async () => {
    const { page } = desk;
    await page.goto(`${p.hub.url}/#/dashboard`);
    await page.reload();
    await page.getByTestId('routes').locator('tbody a').first().waitFor();
    await page.keyboard.press('Tab');
    expect(
      await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string } } }).document.activeElement.textContent),
    ).toBe('Skip to content');
    await page.keyboard.press('Enter');
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(
        () => (globalThis as unknown as { document: { activeElement: { className: string } } }).document.activeElement.className,
      );
      if (focused === 'figure') break;
    }
    await page.keyboard.press('Enter');
    await page.getByTestId('drill').waitFor();
    // Focus lands on the list's heading (the link that was pressed is gone), so Tab continues from there.
    expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id)).toBe('drill-title');
  }, 30_000);

  it('in Russian: every label translated, months and numbers through Intl, CSV for Russian spreadsheets', async () => {
    const ru = await openConsole(browser, p.hub.url, { token: coordinator, lang: 'ru' });
    const { page } = ru;
    await waitText(page, 'app-title', 'Каспийский обмен оперативной информацией');
    expect(await text(page, 'title-series')).toBe('Изъятия по видам товаров, по месяцам');
    expect(await text(page, 'who')).toContain('CCP · координатор');
    const byUnit = await rows('seizures', 'groupBy=unit&from=2026-01-01');
    const kg = byUnit.reduce((a: number, r: any) => a + r.quantity.kg, 0);
    await waitText(page, 'total-kg', new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 1 }).format(kg));
    // Every month from the first to the last figure: a month without seizures is a zero, not a gap.
    const monthRows: Array<{ key: string }> = await rows('seizures', 'groupBy=month&series=commodity&from=2026-01-01');
    const keys = [...new Set(monthRows.map((r) => r.key))].sort();
    const months: string[] = [];
    for (const d = new Date(`${keys[0]}T00:00:00Z`); d.toISOString().slice(0, 10) <= keys[keys.length - 1]; d.setUTCMonth(d.getUTCMonth() + 1))
      months.push(d.toISOString().slice(0, 10));
    const monthFormat = new Intl.DateTimeFormat('ru-RU', { month: 'short', year: 'numeric', timeZone: 'UTC' });
    expect(JSON.parse((await page.getByTestId('chart-series').getAttribute('data-labels'))!)).toEqual(
      months.map((m) => monthFormat.format(new Date(`${m}T00:00:00Z`))),
    );
    expect(await page.locator('html').getAttribute('lang')).toBe('ru');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('csv-ports').click()]);
    expect(readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '')).toMatch(/^key;series;count;kg;litres;pieces;containers\r?\n/);
    expect(await axeViolations(page)).toEqual([]);
    await ru.context.close();
  }, 60_000);

  it('at phone width (390 px), in both languages: no sideways scrolling, axe clean on the dashboard, the list behind a figure and sign-in', async () => {
    for (const lang of ['en', 'ru'] as const) {
      const phone = await openConsole(browser, p.hub.url, { token: coordinator, lang, viewport: PHONE });
      const { page } = phone;
      await page.getByTestId('effectiveness').locator('tbody a').first().waitFor();
      await page.getByTestId('routes').locator('tbody a').first().waitFor();
      expect(await scrollsSideways(page)).toBe(false);
      expect(await axeViolations(page)).toEqual([]);
      await page.getByTestId('chart-series-table').locator('summary').click();
      expect(await scrollsSideways(page)).toBe(false);
      mkdirSync('test-artifacts', { recursive: true });
      await page.screenshot({ path: `test-artifacts/dashboard-phone-${lang}.png`, fullPage: true });
      await page.getByTestId('routes').locator('tbody a').first().click();
      await page.getByTestId('drill').locator('tbody tr').first().waitFor();
      expect(await scrollsSideways(page)).toBe(false);
      expect(await axeViolations(page)).toEqual([]);
      await page.getByTestId('sign-out').click();
      await page.getByTestId('app-title').waitFor();
      expect(await scrollsSideways(page)).toBe(false);
      expect(await axeViolations(page)).toEqual([]);
      expect(phone.cspViolations).toEqual([]);
      await phone.context.close();
    }
  }, 90_000);

  it('an expired token leads back to sign-in with a notice, never to stale figures', async () => {
    const shortLived = await issueToken(readFileSync(testKeys.issuers.CCP.key), { agency: 'CCP', role: 'coordinator' }, 3);
    const { page, context } = await openConsole(browser, p.hub.url, { token: shortLived });
    await page.getByTestId('who').waitFor();
    await new Promise((r) => setTimeout(r, 3500));
    await page.reload(); // the console asks the hub again with the token it holds, now expired
    await page.getByTestId('session-ended').waitFor();
    expect(await page.getByTestId('who').count()).toBe(0);
    await context.close();
  }, 30_000);

  it('runs under the Content-Security-Policy without a single violation', async () => {
    await desk.page.screenshot({ path: 'test-artifacts/dashboard.png', fullPage: true });
    const csp = (await fetch(p.hub.url)).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(desk.cspViolations).toEqual([]);
  });
});

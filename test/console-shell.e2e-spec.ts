import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { axeViolations, launchBrowser, openConsole, PHONE } from './support/browser.js';
import { startBrowserPlatform, token } from './support/platform.js';

// The console's shell for every role: where each role lands, the navigation, the language kept
// across a reload, and the officer's own node found through /api/console/config (CORS allows it).
describe('web console: shell', () => {
  let p: Awaited<ReturnType<typeof startBrowserPlatform>>;
  let browser: Browser;

  beforeAll(async () => {
    p = await startBrowserPlatform();
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await p?.close();
  });

  it('keeps the chosen language and <html lang> across a reload', async () => {
    const { page, context } = await openConsole(browser, p.hub.url, { token: await token('CCP', 'coordinator') });
    await page.getByTestId('lang').click();
    await page.reload();
    await page.getByTestId('nav').waitFor();
    expect(await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { lang: string } } }).document.documentElement.lang)).toBe('ru');
    expect(await page.getByTestId('nav').textContent()).toContain('Сводка');
    await context.close();
  }, 60_000);

  it("lets the page call the officer's own node across origins", async () => {
    const officer = await token('KZ', 'officer', 'KZ-AKTAU');
    const { page, context, cspViolations } = await openConsole(browser, p.hub.url, { token: officer, viewport: PHONE });
    await page.getByTestId('nav').waitFor();
    const status = await page.evaluate(async ([node, t]) => (await fetch(`${node}/api/alerts?limit=1`, { headers: { authorization: `Bearer ${t}` } })).status, [
      p.nodes.KZ.url,
      officer,
    ] as const);
    expect(status).toBe(200);
    expect(cspViolations).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  }, 60_000);
});

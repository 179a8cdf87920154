import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { axeViolations, launchBrowser, openConsole, PHONE, scrollsSideways } from './support/browser.js';
import { call, eventually, minimalSeizure } from './support/http.js';
import { startBrowserPlatform, token } from './support/platform.js';

// Issue 13, console: watch-list hits on the owner's alert detail (EN and RU, phone width, axe);
// another agency that sees the same regional alert sees no trace of them.
describe('web console: watch-list hits on the alert detail', () => {
  let p: Awaited<ReturnType<typeof startBrowserPlatform>>;
  let browser: Browser;
  let kz: string, tm: string;
  let alertId: string;

  beforeAll(async () => {
    p = await startBrowserPlatform();
    browser = await launchBrowser();
    kz = await token('KZ', 'officer', 'KZ-AKTAU', 'kz-aktau-officer');
    tm = await token('TM', 'officer', 'TM-TURKMENBASHI', 'tm-turkmenbashi-officer');
    const coordinator = await token('CCP', 'coordinator');
    for (const v of ['v1', 'v2']) {
      const r = await call('POST', `${p.hub.url}/api/watchlists/imports`, {
        token: coordinator,
        raw: readFileSync(new URL(`./fixtures/watchlists/un-consolidated-list-${v}.xml`, import.meta.url), 'utf8'),
        headers: { 'content-type': 'application/xml' },
      });
      expect(r.status).toBe(201);
    }
    const raised = await call('POST', `${p.nodes.KZ.url}/api/alerts`, {
      token: kz,
      body: minimalSeizure({
        parties: [
          { role: 'shipper', name: 'Kaspiy Trans Logistik LLP', isPerson: false },
          { role: 'driver', name: 'Серик Абенов', isPerson: true },
        ],
      }),
    });
    expect(raised.status).toBe(201);
    alertId = raised.body.id;
    await eventually(async () => (await call('GET', `${p.hub.url}/api/screening/hits?alertId=${alertId}`, { token: kz })).body.items.length === 2, 'hits');
    await eventually(async () => (await call('GET', `${p.hub.url}/api/alerts/${alertId}`, { token: tm })).status === 200, 'the alert for TM');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await p?.close();
  });

  for (const lang of ['en', 'ru'] as const)
    it(`shows the owner the hits with the list entry, the alias matched and the score (${lang}, 390 px, axe)`, async () => {
      const { page, context, cspViolations } = await openConsole(browser, p.hub.url, { token: kz, lang, viewport: PHONE, hash: `#/alerts/KZ/${alertId}` });
      const section = page.locator('[data-testid="screening-hits"]');
      await section.waitFor({ timeout: 15_000 });
      await expect(section.locator('h3').textContent()).resolves.toBe(lang === 'ru' ? 'Совпадения с санкционными списками' : 'Watch-list hits');
      const shipper = section.locator('[data-reference="TSe.001"]');
      await expect(shipper.textContent()).resolves.toMatch(/KASPIY TRANS LOGISTIK LLP/);
      await expect(section.locator('[data-reference="TSi.001"]').textContent()).resolves.toMatch(
        lang === 'ru' ? /Серик Абенов.*водитель/s : /Серик Абенов.*driver/s,
      );
      await expect(shipper.textContent()).resolves.toMatch(lang === 'ru' ? /версия 2.*сходство/s : /version 2.*similarity/s);
      expect(await axeViolations(page)).toEqual([]);
      expect(await scrollsSideways(page)).toBe(false);
      expect(cspViolations).toEqual([]);
      await context.close();
    });

  it('shows another agency the same regional alert without any trace of its screening', async () => {
    const { page, context } = await openConsole(browser, p.hub.url, { token: tm, viewport: PHONE, hash: `#/alerts/KZ/${alertId}` });
    await page.locator('[data-testid="alert-detail"]').waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-testid="screening-hits"]').count()).toBe(0);
    expect(await page.locator('body').textContent()).not.toMatch(/TSe\.001|Watch-list/);
    await context.close();
  });
});

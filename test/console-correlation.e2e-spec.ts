import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { call, eventually, minimalSeizure } from './support/http.js';
import { axeViolations, launchBrowser, openConsole, PHONE, scrollsSideways } from './support/browser.js';
import { startBrowserPlatform, token } from './support/platform.js';

// Matches in the console (issue 13): on the alert detail with a link to the other alert, and the
// Matches page with counts by key type, in English and Russian, at 390 px, accessible.
describe('web console: correlation', () => {
  let p: Awaited<ReturnType<typeof startBrowserPlatform>>;
  let browser: Browser;
  let kz: string, ccp: string;
  const ids = { kz: '', tm: '' };

  beforeAll(async () => {
    p = await startBrowserPlatform();
    browser = await launchBrowser();
    kz = await token('KZ', 'officer', 'KZ-AKTAU');
    ccp = await token('CCP', 'coordinator');
    const tm = await token('TM', 'officer', 'TM-TURKMENBASHI');
    const party = (name: string) => [{ role: 'shipper', name }];
    const a = await call('POST', `${p.nodes.KZ.url}/api/alerts`, {
      token: kz,
      body: minimalSeizure({ route: undefined, parties: party('ТОО «Каспий Транс Логистик»') }),
    });
    ids.kz = a.body.id;
    await eventually(async () => (await call('GET', `${p.hub.url}/api/alerts/${ids.kz}`, { token: kz })).status === 200, 'KZ alert on the hub');
    const b = await call('POST', `${p.nodes.TM.url}/api/alerts`, {
      token: tm,
      body: minimalSeizure({ unit: 'TM-TURKMENBASHI', route: undefined, containers: [], parties: party('Kaspiy Trans Logistik LLP') }),
    });
    ids.tm = b.body.id;
    await eventually(async () => (await call('GET', `${p.hub.url}/api/matches`, { token: ccp })).body?.items?.length > 0, 'the match');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await p?.close();
  });

  it.each(['en', 'ru'] as const)(
    'shows the match on the alert detail with a link to the other alert (%s, 390 px)',
    async (lang) => {
      const { page, context } = await openConsole(browser, p.hub.url, { token: kz, lang, viewport: PHONE, hash: `#/alerts/KZ/${ids.kz}` });
      const panel = page.getByTestId('alert-matches');
      await panel.getByRole('link').first().waitFor();
      expect(await panel.textContent()).toContain(lang === 'ru' ? 'Компания' : 'Company');
      expect(await panel.getByRole('link').first().getAttribute('href')).toBe(`#/alerts/TM/${ids.tm}`);
      expect(await axeViolations(page)).toEqual([]);
      expect(await scrollsSideways(page)).toBe(false);
      await context.close();
    },
    60_000,
  );

  it.each(['en', 'ru'] as const)(
    'gives the coordinator counts of matches by key type (%s, 390 px)',
    async (lang) => {
      const { page, context } = await openConsole(browser, p.hub.url, { token: ccp, lang, viewport: PHONE, hash: '#/matches' });
      const counts = page.getByTestId('match-counts');
      await counts.getByRole('cell').first().waitFor();
      expect(await counts.textContent()).toContain(lang === 'ru' ? 'Компания' : 'Company');
      expect(await axeViolations(page)).toEqual([]);
      expect(await scrollsSideways(page)).toBe(false);
      await context.close();
    },
    60_000,
  );
});

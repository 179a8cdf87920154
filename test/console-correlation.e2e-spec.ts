import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { call, eventually, minimalSeizure } from './support/http.js';
import { axeViolations, launchBrowser, openConsole, PHONE, scrollsSideways, type ConsolePage } from './support/browser.js';
import { startBrowserPlatform, token } from './support/platform.js';

// Matches in the console (issue 13): on the alert detail with a link to the other alert, and the
// Matches page with counts by key type, in English and Russian, at 390 px, accessible; the match
// and the watch-list hit announced live in the officer's inbox; the coordinator's common values
// (the fan-out bound is 2 here, so a container in three alerts awaits a decision).
const COMMON = 'TGHU7654320';

describe('web console: correlation', () => {
  let p: Awaited<ReturnType<typeof startBrowserPlatform>>;
  let browser: Browser;
  let kz: string, ccp: string;
  let inbox: ConsolePage;
  const ids = { kz: '', tm: '' };

  beforeAll(async () => {
    p = await startBrowserPlatform(undefined, { CORRELATION_MAX_FANOUT: '2' });
    browser = await launchBrowser();
    kz = await token('KZ', 'officer', 'KZ-AKTAU');
    ccp = await token('CCP', 'coordinator');
    const tm = await token('TM', 'officer', 'TM-TURKMENBASHI');
    const list = await call('POST', `${p.hub.url}/api/watchlists/imports`, {
      token: ccp,
      raw: readFileSync(new URL('./fixtures/watchlists/un-consolidated-list-v1.xml', import.meta.url), 'utf8'),
      headers: { 'content-type': 'application/xml' },
    });
    expect(list.status).toBe(201);
    // KZ's officer has the inbox open (Russian, 390 px) before either alert arrives.
    inbox = await openConsole(browser, p.hub.url, { token: kz, lang: 'ru', viewport: PHONE, hash: '#/inbox' });
    await inbox.page.locator('[data-testid="feed-status"][data-status="live"]').waitFor({ timeout: 20_000 });
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
    for (const [agency, t, unit] of [
      ['KZ', kz, 'KZ-AKTAU'],
      ['TM', tm, 'TM-TURKMENBASHI'],
      ['KZ', kz, 'KZ-AKTAU'],
      ['KZ', kz, 'KZ-AKTAU'], // 3 of KZ's alerts > 2: common for KZ (the bound is per agency)
    ] as const) {
      const r = await call('POST', `${p.nodes[agency].url}/api/alerts`, { token: t, body: minimalSeizure({ unit, route: undefined, containers: [COMMON] }) });
      expect(r.status).toBe(201);
    }
    await eventually(
      async () =>
        (await call('GET', `${p.hub.url}/api/correlation/common-values`, { token: ccp })).body?.items?.some((v: { value: string }) => v.value === COMMON),
      'the common value',
    );
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await p?.close();
  });

  it('announces the watch-list hit and the match live in the inbox, each linking to the alert detail (ru, 390 px)', async () => {
    const notices = inbox.page.getByTestId('correlation-notices');
    // Newest first: the container matches of the alerts raised after may come before it.
    const match = notices.locator('li[data-event="match"]').filter({ hasText: 'Новое совпадение по признаку «Компания»' });
    await match.getByRole('link').first().waitFor({ timeout: 15_000 });
    const links = await match.getByRole('link').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links.sort()).toEqual([`#/alerts/KZ/${ids.kz}`, `#/alerts/TM/${ids.tm}`].sort());
    const hit = notices.locator('li[data-event="screening-hit"]').first();
    await hit.waitFor({ timeout: 15_000 });
    expect(await hit.getByRole('link').getAttribute('href')).toBe(`#/alerts/KZ/${ids.kz}`);
    expect(await hit.textContent()).toContain('отправитель');
    expect(await axeViolations(inbox.page)).toEqual([]);
    expect(await scrollsSideways(inbox.page)).toBe(false);
    await inbox.context.close();
  }, 60_000);

  it('lists the value held by more alerts than the bound for the coordinator to decide (ru, 390 px)', async () => {
    const { page, context } = await openConsole(browser, p.hub.url, { token: ccp, lang: 'ru', viewport: PHONE, hash: '#/correlation/common-values' });
    const value = page.getByTestId('common-awaiting').locator(`[data-value="${COMMON}"]`);
    await value.waitFor({ timeout: 15_000 });
    expect(await value.textContent()).toContain('Контейнер');
    expect(await page.textContent('body')).toContain('более чем в 2 уведомлениях одного ведомства');
    expect(await axeViolations(page)).toEqual([]);
    expect(await scrollsSideways(page)).toBe(false);
    await context.close();
  }, 60_000);

  it('the coordinator confirms the value as common (en, 390 px)', async () => {
    const { page, context } = await openConsole(browser, p.hub.url, { token: ccp, lang: 'en', viewport: PHONE, hash: '#/correlation/common-values' });
    const value = page.getByTestId('common-awaiting').locator(`[data-value="${COMMON}"]`);
    await value.getByRole('button', { name: 'Confirm common' }).click();
    const decided = page.getByTestId('common-decided').locator(`[data-value="${COMMON}"]`);
    await expect(decided.getByTestId('common-decision').textContent()).resolves.toBe('Common');
    const listed = (await call('GET', `${p.hub.url}/api/correlation/common-values`, { token: ccp })).body.items;
    expect(listed.find((v: { value: string }) => v.value === COMMON)).toMatchObject({ kind: 'container', decision: 'common' });
    expect(await axeViolations(page)).toEqual([]);
    expect(await scrollsSideways(page)).toBe(false);
    await context.close();
  }, 60_000);

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

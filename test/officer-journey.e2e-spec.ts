import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, DESKTOP, launchBrowser, openConsole, PHONE, scrollsSideways, type ConsolePage } from './support/browser.js';
import { call, eventually } from './support/http.js';
import { startOidcBrowserPlatform } from './support/oidc.js';
import { token } from './support/platform.js';

// Issue 11's officer journey end to end, as two people would live it in two browsers: a KZ officer
// and a TM officer each sign in at their agency's OpenID Provider; KZ posts a bilateral alert to TM
// through the New report form; TM, already on the inbox, sees it arrive without a reload, opens
// it, answers and amends the answer; KZ, on the alert's page, sees both versions. Then KZ loses the
// line, submits a report, gets the line back, and the node holds that report once. The same journey
// runs on a desktop in English and on a 390-px phone in Russian, with axe on every screen visited.

const WORDS = {
  en: {
    userName: 'User name',
    password: 'Password',
    signIn: 'Sign in',
    inbox: 'Inbox',
    newReport: 'New report',
    outcomes: { notInspected: 'Not inspected', nothingFound: 'Nothing found' },
  },
  ru: {
    userName: 'Имя пользователя',
    password: 'Пароль',
    signIn: 'Войти',
    inbox: 'Входящие',
    newReport: 'Новое сообщение',
    outcomes: { notInspected: 'Не досматривалось', nothingFound: 'Ничего не обнаружено' },
  },
} as const;

const JOURNEYS = [
  { name: 'on a desktop, in English', lang: 'en', viewport: DESKTOP, phone: false },
  { name: 'on a 390-px phone, in Russian', lang: 'ru', viewport: PHONE, phone: true },
] as const;

describe('the officer journey: sign in, post, receive live, answer, amend, post on a bad line', () => {
  let p: Awaited<ReturnType<typeof startOidcBrowserPlatform>>;
  let browser: Browser;
  let kzReader: string;

  beforeAll(async () => {
    p = await startOidcBrowserPlatform(['KZ', 'TM']);
    browser = await launchBrowser();
    // Only to ask the KZ node what it holds: the officers themselves sign in through the provider.
    kzReader = await token('KZ', 'officer', 'KZ-AKTAU', 'kz-journey-witness');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await p?.close();
  });

  /** The KZ node's alerts with this description (the node, not the browser, is the witness). */
  const onKzNode = async (description: string) => {
    const r = await call('GET', `${p.nodes.KZ.url}/api/alerts?limit=200`, { token: kzReader });
    expect(r.status).toBe(200);
    return (r.body.items as Array<{ id: string; commodity: { description: string } }>).filter((a) => a.commodity.description === description);
  };
  const field = (page: Page, path: string) => page.locator(`#post-${path.replace(/[^A-Za-z0-9]+/g, '-')}`);

  describe.each(JOURNEYS)('$name', ({ lang, viewport, phone }) => {
    const w = WORDS[lang];
    let kz: ConsolePage;
    let tm: ConsolePage;
    let alertId: string;
    const stamp = `${lang}-${Date.now()}`;

    /** Every screen the officers visit: no serious or critical axe finding, and no sideways scrolling on a phone. */
    const inspect = async (page: Page, screen: string) => {
      expect({ screen, axe: await axeViolations(page) }).toEqual({ screen, axe: [] });
      if (phone) expect({ screen, sideways: await scrollsSideways(page) }).toEqual({ screen, sideways: false });
    };

    /** Signs in as a person does: the console's button, the provider's own form, back with a session. */
    const signIn = async (c: ConsolePage, agency: 'KZ' | 'TM', username: string, who: string) => {
      const { page } = c;
      await page.getByTestId(`sign-in-${agency}`).waitFor();
      await inspect(page, `sign-in page (${agency})`);
      await page.getByTestId(`sign-in-${agency}`).click();
      await page.waitForURL(`${p.idp.issuers[agency]}/interaction/**`);
      await inspect(page, `provider form (${agency})`);
      await page.getByLabel(w.userName).fill(username);
      await page.getByLabel(w.password).fill('caspian-demo');
      await page.getByRole('button', { name: w.signIn }).click();
      await page.getByTestId('who').waitFor();
      expect(await page.getByTestId('who').textContent()).toContain(who);
      expect(page.url().startsWith(p.hub.url)).toBe(true);
    };

    afterAll(async () => {
      await kz?.context.close();
      await tm?.context.close();
    });

    it('both officers sign in through their agency provider, in parallel', async () => {
      [kz, tm] = await Promise.all([openConsole(browser, p.hub.url, { lang, viewport }), openConsole(browser, p.hub.url, { lang, viewport })]);
      await Promise.all([signIn(kz, 'KZ', 'kz-aktau-officer', 'KZ-AKTAU'), signIn(tm, 'TM', 'tm-turkmenbashi-officer', 'TM-TURKMENBASHI')]);
      // Officers land on their inbox.
      await tm.page.getByRole('heading', { name: w.inbox }).first().waitFor();
      await tm.page.locator('[data-testid="feed-status"][data-status="live"]').waitFor({ timeout: 15_000 });
      await inspect(tm.page, 'inbox (TM)');
      await kz.page.getByRole('heading', { name: w.inbox }).first().waitFor();
      await inspect(kz.page, 'inbox (KZ)');
    }, 60_000);

    it('KZ posts a bilateral alert to TM; it appears in the TM inbox without a reload; TM answers, then amends; KZ sees both versions', async () => {
      // A mark in the TM page's memory: a reload would wipe it.
      await tm.page.evaluate(() => ((globalThis as unknown as { __noReload: boolean }).__noReload = true));

      const { page } = kz;
      await page.getByTestId('nav').getByRole('link', { name: w.newReport }).click();
      await field(page, 'commodity.category').waitFor();
      await page.locator('input[name="kind"][value="high-risk-consignment"]').check();
      await field(page, 'commodity.category').selectOption('drugs');
      const description = `heroin in a false floor, bound for Turkmenbashi ${stamp}`;
      await field(page, 'commodity.description').fill(description);
      await field(page, 'containers').fill('CSQU 305438-3');
      await page.locator('input[name="level"][value="bilateral"]').check();
      await page.getByTestId('recipients').getByRole('checkbox', { name: /^TM/ }).check();
      await inspect(page, 'new report (KZ)');
      await page.getByTestId('submit').click();
      await page.getByTestId('delivered').waitFor();
      await inspect(page, 'report delivered (KZ)');
      const [stored] = await onKzNode(description);
      alertId = stored.id;
      const onNode = await call('GET', `${p.nodes.KZ.url}/api/alerts/${alertId}`, { token: kzReader });
      expect(onNode.body).toMatchObject({ kind: 'high-risk-consignment', distribution: { level: 'bilateral', recipients: ['TM'] } });
      // KZ keeps the alert's page open while TM works.
      await page.getByTestId('delivered').locator(`a[href="#/alerts/KZ/${alertId}"]`).click();
      await page.getByTestId('alert-detail').waitFor();
      await inspect(page, 'alert detail (KZ)');

      // TM: the alert arrives in the inbox, newest first, and the page was never reloaded.
      const inboxItem = tm.page.locator(`[data-testid="inbox"] [data-alert-id="${alertId}"]`);
      await inboxItem.waitFor({ timeout: 15_000 });
      expect(await tm.page.evaluate(() => (globalThis as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
      expect(await tm.page.locator('[data-testid="inbox"] > li').first().getAttribute('data-alert-id')).toBe(alertId);
      await inspect(tm.page, 'inbox with the new alert (TM)');

      await inboxItem.getByRole('link').click();
      await tm.page.getByTestId('alert-detail').waitFor();
      await inspect(tm.page, 'alert detail (TM)');
      await tm.page.getByTestId('give-feedback').click();
      await tm.page.getByTestId('fb-outcome').selectOption('not-inspected');
      await tm.page.getByTestId('fb-reason').fill('vessel diverted to Baku before arrival');
      await inspect(tm.page, 'feedback form (TM)');
      await tm.page.getByTestId('fb-submit').click();
      await tm.page.locator('[data-testid="feedback"] [data-agency="TM"][data-version="1"]').waitFor({ timeout: 15_000 });

      await tm.page.getByTestId('amend-feedback').click();
      await tm.page.getByTestId('fb-outcome').selectOption('nothing-found');
      await tm.page.getByTestId('fb-submit').click();
      await tm.page.locator('[data-testid="feedback"] [data-agency="TM"][data-version="2"]').waitFor({ timeout: 15_000 });
      await inspect(tm.page, 'alert detail, answer amended (TM)');

      // KZ, on the page opened before TM answered, sees both versions arrive.
      const versions = page.locator('[data-testid="feedback"] [data-agency="TM"] [data-testid="feedback-versions"] > li');
      await versions.nth(1).waitFor({ timeout: 15_000 });
      expect(
        await versions.evaluateAll((els) => els.map((e) => [e.getAttribute('data-version'), e.querySelector('[data-testid="outcome"]')?.textContent])),
      ).toEqual([
        ['1', w.outcomes.notInspected],
        ['2', w.outcomes.nothingFound],
      ]);
      await inspect(page, 'alert detail with both versions (KZ)');
    }, 90_000);

    it('KZ submits a report while offline; back online, the node holds it exactly once', async () => {
      const { page, context } = kz;
      await page.getByTestId('nav').getByRole('link', { name: w.newReport }).click();
      await field(page, 'commodity.category').waitFor();
      const description = `offline report ${stamp}`;
      await field(page, 'commodity.category').selectOption('cigarettes');
      await field(page, 'commodity.description').fill(description);
      await context.setOffline(true);
      await page.getByTestId('submit').click();
      await page.getByTestId('queued').waitFor();
      await page.getByTestId('outbox-queued').waitFor();
      await inspect(page, 'outbox, queued (KZ)');
      expect(await onKzNode(description)).toEqual([]);

      await context.setOffline(false);
      await page.getByTestId('outbox-delivered').waitFor({ timeout: 30_000 });
      await inspect(page, 'outbox, delivered (KZ)');
      expect(await page.getByTestId('outbox-queued').count()).toBe(0);
      expect(await page.getByTestId('outbox-delivered').count()).toBe(1);
      await eventually(async () => (await onKzNode(description)).length > 0, 'the offline report on the KZ node');
      expect(await onKzNode(description)).toHaveLength(1);
      // Still once after the outbox has had every chance to send it again.
      await page.reload();
      await page.getByTestId('outbox').waitFor();
      expect(await onKzNode(description)).toHaveLength(1);
      expect(kz.cspViolations).toEqual([]);
      expect(tm.cspViolations).toEqual([]);
    }, 60_000);
  });
});

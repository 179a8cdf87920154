import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launchBrowser, openConsole, PHONE, scrollsSideways, type ConsolePage } from './support/browser.js';
import { call, eventually, minimalSeizure } from './support/http.js';
import { startBrowserPlatform, token } from './support/platform.js';

// Issue 13, the hit / no-hit workflow end to end in the console. TM holds a discoverable alert on a
// container, shared with AZ only. KZ raises an alert on the same container: KZ's officer sees only
// "TM holds related information on container X" (no alert id, no content), asks; TM's officer sees
// which alert, which agency, which key and the request, accepts; KZ's officer opens the shared alert.
// A second pair is declined. KZ in English on a desktop, TM in Russian at 390 px, then the other way.

const ACCEPTED = 'MSCU1234566';
const DECLINED = 'TGHU7654320';

describe('web console: hits and requests for information', () => {
  let p: Awaited<ReturnType<typeof startBrowserPlatform>>;
  let browser: Browser;
  let kz: string, tm: string;
  let kzConsole: ConsolePage, tmConsole: ConsolePage;
  const alerts: Record<string, { kz: string; tm: string }> = {};

  const raise = async (agency: 'KZ' | 'TM', t: string, body: Record<string, unknown>) => {
    const r = await call('POST', `${p.nodes[agency].url}/api/alerts`, { token: t, body: minimalSeizure(body) });
    expect([r.status, r.body.errors]).toEqual([201, undefined]);
    return r.body.id as string;
  };
  const checked = async (page: Page) => {
    expect(await axeViolations(page)).toEqual([]);
    expect(await scrollsSideways(page)).toBe(false);
  };
  const go = async (page: Page, hash: string) => {
    await page.evaluate(`location.hash = ${JSON.stringify(hash)}`);
  };
  const pair = async (container: string, commodity: Record<string, unknown>) => {
    const tmAlert = await raise('TM', tm, {
      unit: 'TM-TURKMENBASHI',
      containers: [container],
      commodity,
      distribution: { level: 'bilateral', recipients: ['AZ'] },
      discoverable: true,
    });
    const kzAlert = await raise('KZ', kz, { containers: [container], commodity, distribution: { level: 'bilateral', recipients: ['AZ'] } });
    alerts[container] = { kz: kzAlert, tm: tmAlert };
    await eventually(async () => {
      const r = await call('GET', `${p.hub.url}/api/discovery/hits`, { token: kz });
      return r.body.items?.some((h: { value: string }) => h.value === container);
    }, `the hit on ${container}`);
  };

  beforeAll(async () => {
    p = await startBrowserPlatform();
    browser = await launchBrowser();
    kz = await token('KZ', 'officer', 'KZ-AKTAU', 'kz-aktau-officer');
    tm = await token('TM', 'officer', 'TM-TURKMENBASHI', 'tm-turkmenbashi-officer');
    kzConsole = await openConsole(browser, p.hub.url, { token: kz, lang: 'en', hash: '#/inbox' });
    tmConsole = await openConsole(browser, p.hub.url, { token: tm, lang: 'ru', viewport: PHONE, hash: '#/inbox' });
    for (const c of [kzConsole, tmConsole]) await c.page.locator('[data-testid="feed-status"][data-status="live"]').waitFor({ timeout: 20_000 });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await p?.close();
  });

  it('KZ raises an alert on the container: both inboxes announce the hit live, to each side in its own terms', async () => {
    await pair(ACCEPTED, { category: 'drugs', description: 'heroin in a false floor', hsCode: '293911' });
    const kzNotice = kzConsole.page.locator('[data-testid="discovery-notices"]');
    await expect(
      kzNotice.getByText('New hit: TM holds related information on one of your alerts').first().waitFor({ timeout: 15_000 }),
    ).resolves.toBeUndefined();
    const tmNotice = tmConsole.page.locator('[data-testid="discovery-notices"]');
    await tmNotice.getByText('Сообщение KZ совпадает с вашим сообщением, открытым для обнаружения').first().waitFor({ timeout: 15_000 });
    await checked(kzConsole.page);
    await checked(tmConsole.page);
  });

  it('on its alert, KZ sees only "TM holds related information on container X" — no alert id, no content — and asks', async () => {
    const page = kzConsole.page;
    await go(page, `#/alerts/KZ/${alerts[ACCEPTED].kz}`);
    const panel = page.locator('[data-testid="alert-hits"] [data-testid="requester-hit"]').filter({ hasText: ACCEPTED });
    await panel.getByText(`TM holds related information on container ${ACCEPTED}`).waitFor({ timeout: 15_000 });
    const html = await page.content();
    expect(html).not.toContain(alerts[ACCEPTED].tm);
    expect(await page.locator('[data-testid="alert-hits"]').textContent()).not.toMatch(/TM-TURKMENBASHI|Turkmenbashi/);
    await checked(page);
    await panel.locator('[data-testid="request-message"]').fill('Seized 12 kg at Aktau from this container: who loaded it at Turkmenbashi?');
    await panel.locator('[data-testid="send-request"]').click();
    await panel.locator('[data-testid="request-status"]').getByText('Awaiting answer').waitFor({ timeout: 15_000 });
  });

  it('TM (Russian, 390 px) sees which alert, which agency, which key and the request, and accepts', async () => {
    const page = tmConsole.page;
    await page.locator('[data-testid="discovery-notices"]').getByText('KZ запрашивает информацию по вашему сообщению').waitFor({ timeout: 15_000 });
    await go(page, '#/discovery');
    const item = page.locator('[data-testid="owner-hit"]').filter({ hasText: ACCEPTED });
    await item.getByText(`Сообщение KZ совпадает с вашим: контейнер ${ACCEPTED}`).waitFor({ timeout: 15_000 });
    expect(await item.locator('[data-testid="own-alert"]').getAttribute('href')).toBe(`#/alerts/TM/${alerts[ACCEPTED].tm}`);
    expect(await item.locator('[data-testid="request-text"]').textContent()).toContain('who loaded it at Turkmenbashi?');
    await checked(page);
    await item.locator('[data-testid="accept"]').click();
    await item.locator('[data-testid="request-status"]').getByText('Принят — передано').waitFor({ timeout: 15_000 });
    await checked(page);
  });

  it('KZ hears of the accept and opens the shared alert', async () => {
    const page = kzConsole.page;
    await go(page, '#/discovery');
    const item = page.locator('[data-testid="requester-hit"]').filter({ hasText: ACCEPTED });
    await item.locator('[data-testid="request-status"]').getByText('Accepted — shared').waitFor({ timeout: 15_000 });
    await checked(page);
    await item.locator('[data-testid="open-shared"]').click();
    await page.locator('[data-testid="alert-detail"]').getByText('heroin in a false floor').waitFor({ timeout: 15_000 });
    expect(page.url()).toContain(`#/alerts/TM/${alerts[ACCEPTED].tm}`);
  });

  it('the other way round: KZ asks in Russian at 390 px, TM declines in English with a reason; KZ still cannot see the alert', async () => {
    await pair(DECLINED, { category: 'weapons', description: 'pistol parts in machinery', hsCode: '930599' });
    const kzRu = await openConsole(browser, p.hub.url, { token: kz, lang: 'ru', viewport: PHONE, hash: '#/discovery' });
    const tmEn = await openConsole(browser, p.hub.url, { token: tm, lang: 'en', hash: '#/discovery' });
    try {
      const asking = kzRu.page.locator('[data-testid="requester-hit"]').filter({ hasText: DECLINED });
      await asking.getByText(`У TM есть связанная информация: контейнер ${DECLINED}`).waitFor({ timeout: 15_000 });
      await checked(kzRu.page);
      await asking.locator('[data-testid="request-message"]').fill('Кто отправитель?');
      await asking.locator('[data-testid="send-request"]').click();
      await asking.locator('[data-testid="request-status"]').getByText('Ждёт ответа').waitFor({ timeout: 15_000 });

      const answering = tmEn.page.locator('[data-testid="owner-hit"]').filter({ hasText: DECLINED });
      await answering.locator('[data-testid="request-text"]').getByText('Кто отправитель?').waitFor({ timeout: 15_000 });
      await checked(tmEn.page);
      await answering.getByLabel('Reason (optional)').fill('ongoing investigation');
      await answering.locator('[data-testid="decline"]').click();
      await answering.locator('[data-testid="request-status"]').getByText('Declined').waitFor({ timeout: 15_000 });

      await asking.locator('[data-testid="request-status"]').getByText('Отклонён').waitFor({ timeout: 15_000 });
      expect(await asking.locator('[data-testid="open-shared"]').count()).toBe(0);
      await checked(kzRu.page);
      expect((await call('GET', `${p.hub.url}/api/alerts/${alerts[DECLINED].tm}`, { token: kz })).status).toBe(404);
    } finally {
      await kzRu.context.close();
      await tmEn.context.close();
    }
  });

  it("TM makes its alert discoverable from the alert itself (Russian, 390 px): a colleague's change meanwhile is a 409 shown and re-applied; KZ then has a hit", async () => {
    const LATER = 'CSQU3054383';
    const tmAlert = await raise('TM', tm, { unit: 'TM-TURKMENBASHI', containers: [LATER], distribution: { level: 'bilateral', recipients: ['AZ'] } });
    await raise('KZ', kz, { containers: [LATER], distribution: { level: 'bilateral', recipients: ['AZ'] } });
    const { page, context } = await openConsole(browser, p.hub.url, { token: tm, lang: 'ru', viewport: PHONE, hash: `#/post/alerts/${tmAlert}` });
    try {
      await expect(page.getByTestId('alert-discoverable').textContent()).resolves.toBe('Закрыто для обнаружения');
      await page.getByTestId('open-discoverability').click();
      await page.getByText('узнает только, что у вашего ведомства есть связанная информация').first().waitFor();
      await checked(page);
      const other = await call('POST', `${p.nodes.TM.url}/api/alerts/${tmAlert}/amendments`, {
        token: await token('TM', 'officer', 'TM-TURKMENBASHI', 'tm-turkmenbashi-colleague'),
        body: { expectedVersion: 1, changes: { recommendedAction: 'Hold the container at Turkmenbashi' } },
        headers: { 'idempotency-key': `colleague-${tmAlert}` },
      });
      expect(other.status).toBe(200);
      await page.getByTestId('toggle-discoverable').click();
      await page.getByTestId('conflict').waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('meanwhile').textContent()).toContain('Изменено');
      expect(await page.getByTestId('conflict').textContent()).toContain('Открыть для обнаружения');
      await checked(page);
      await page.getByTestId('reapply').click();
      await page.getByTestId('applied').waitFor({ timeout: 15_000 });
      // The page reloads the alert after the re-applied change: wait for it rather than read once.
      await page
        .getByTestId('alert-discoverable')
        .filter({ hasText: /^Открыто для обнаружения$/ })
        .waitFor({ timeout: 15_000 });
      expect((await call('GET', `${p.nodes.TM.url}/api/alerts/${tmAlert}`, { token: tm })).body).toMatchObject({ version: 3, discoverable: true });
      await eventually(async () => {
        const r = await call('GET', `${p.hub.url}/api/discovery/hits`, { token: kz });
        return r.body.items?.some((h: { value: string }) => h.value === LATER);
      }, `the hit on ${LATER}`);
      await checked(page);
    } finally {
      await context.close();
    }
  });

  it.each([
    ['en', 'Discoverable', 'learns only that your agency holds related information'],
    ['ru', 'Открыто для обнаружения', 'узнает только, что у вашего ведомства есть связанная информация'],
  ] as const)(
    'the new report form offers "discoverable", unticked as the node is configured, and says what it means (%s, 390 px)',
    async (lang, label, hint) => {
      const { page, context } = await openConsole(browser, p.hub.url, { token: kz, lang, viewport: PHONE, hash: '#/post/new' });
      try {
        const box = page.getByLabel(label, { exact: true });
        await box.waitFor({ timeout: 15_000 });
        expect(await box.isChecked()).toBe(false);
        expect((await call('GET', `${p.nodes.KZ.url}/api/reference`, { token: kz })).body.defaults).toEqual({ discoverable: false });
        await page.getByText(hint).waitFor();
        await checked(page);
        // A node configured with DISCOVERABLE_BY_DEFAULT=true says so in its reference answer: the box starts ticked.
        await context.route('**/api/reference', async (route) => {
          const res = await route.fetch();
          await route.fulfill({ response: res, json: { ...((await res.json()) as object), defaults: { discoverable: true } } });
        });
        await page.reload();
        await page.waitForSelector('[data-testid="discoverable"]:checked', { timeout: 15_000 });
      } finally {
        await context.close();
      }
    },
  );
});

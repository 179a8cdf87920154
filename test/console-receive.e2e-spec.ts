import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launchBrowser, openConsole, PHONE, scrollsSideways, type ConsolePage } from './support/browser.js';
import { call, eventually } from './support/http.js';
import { startBrowserPlatform, token } from './support/platform.js';

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

// The officer's receiving journeys in two browser contexts: KZ raises a bilateral alert to TM (by
// the API), TM sees it arrive in the inbox without a reload, finds it waiting for feedback,
// answers and amends; KZ sees the answers. Every screen at phone width, in Russian, with axe.
describe('web console: receiving (inbox, awaiting feedback, detail, search)', () => {
  let p: Awaited<ReturnType<typeof startBrowserPlatform>>;
  let browser: Browser;
  let kz: string;
  let tm: string;
  let tmConsole: ConsolePage;
  let alertId: string;
  let tmSeizureId: string;
  const bulkIds: string[] = [];

  const raise = async (body: Record<string, unknown>, as = kz, node = 'KZ') => {
    const r = await call('POST', `${p.nodes[node].url}/api/alerts`, { token: as, body });
    expect({ status: r.status, body: r.body }).toMatchObject({ status: 201 });
    return r.body.id as string;
  };
  const onHub = (id: string, as = tm) =>
    eventually(async () => (await call('GET', `${p.hub.url}/api/alerts/${id}`, { token: as })).status === 200, `alert ${id} on the hub`);
  const item = (page: Page, list: string, id: string) => page.locator(`[data-testid="${list}"] [data-alert-id="${id}"]`);
  const live = (page: Page) => page.locator('[data-testid="feed-status"][data-status="live"]').waitFor({ timeout: 15_000 });

  beforeAll(async () => {
    p = await startBrowserPlatform();
    browser = await launchBrowser();
    kz = await token('KZ', 'officer', 'KZ-AKTAU', 'kz-aktau-officer');
    tm = await token('TM', 'officer', 'TM-TURKMENBASHI', 'tm-turkmenbashi-officer');
    // More regional seizures than one page holds, for the inbox's and the search's paging.
    const rows = Array.from({ length: 26 }, (_, i) => ({
      kind: 'seizure',
      unit: 'KZ-AKTAU',
      occurredAt: minutesAgo(300 - i),
      commodity: { category: 'cigarettes', description: `paging batch cigarettes ${i}` },
      distribution: { level: 'regional' },
    }));
    const bulk = await call('POST', `${p.nodes.KZ.url}/api/alerts/bulk`, { token: kz, body: rows });
    expect(bulk.status).toBe(201);
    await eventually(async () => {
      const r = await call('GET', `${p.hub.url}/api/alerts?q=paging%20batch&limit=50`, { token: tm });
      bulkIds.splice(0, bulkIds.length, ...r.body.items.map((a: { id: string }) => a.id));
      return bulkIds.length === 26;
    }, 'the bulk seizures on the hub');
    // TM's own seizure report, which its amended answer links to.
    tmSeizureId = await raise(
      {
        kind: 'seizure',
        unit: 'TM-TURKMENBASHI',
        occurredAt: minutesAgo(5),
        commodity: { category: 'drugs', description: 'heroin found on inspection at Turkmenbashi' },
        quantity: { value: 40, unit: 'kg' },
        distribution: { level: 'agency' },
      },
      tm,
      'TM',
    );
    tmConsole = await openConsole(browser, p.hub.url, { token: tm, hash: '#/inbox' });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await p?.close();
  });

  it('shows a bilateral alert to TM in the inbox as it arrives, without a reload', async () => {
    const { page } = tmConsole;
    await live(page);
    await page.evaluate(() => ((globalThis as unknown as { __noReload: boolean }).__noReload = true));
    alertId = await raise({
      kind: 'high-risk-consignment',
      unit: 'KZ-AKTAU',
      occurredAt: minutesAgo(30),
      commodity: { category: 'drugs', description: 'suspected heroin in a false floor, bound for Turkmenbashi', hsCode: '293911' },
      containers: ['CSQU3054383'],
      vessel: { name: 'Aktau Star', imo: 'IMO9319466', flag: 'KZ' },
      billOfLading: 'KZAAU-2026-0701',
      route: { departure: 'KZ', destination: 'TM' },
      parties: [
        { role: 'shipper', name: 'ТОО «Каспий Транс Логистик»' },
        { role: 'driver', name: 'Serik Abenov', isPerson: true, nationality: 'KZ' },
      ],
      riskIndicators: ['route inconsistent with goods'],
      distribution: { level: 'bilateral', recipients: ['TM'] },
      handlingCode: 'H2',
    });
    await item(page, 'inbox', alertId).waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => (globalThis as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    // Newest first, marked new; nothing of TM's own.
    expect(await page.locator('[data-testid="inbox"] > li').first().getAttribute('data-alert-id')).toBe(alertId);
    expect(await item(page, 'inbox', alertId).textContent()).toContain('new');
    expect(await item(page, 'inbox', tmSeizureId).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
  }, 60_000);

  it('pages the inbox: every alert shared with TM once, newest first', async () => {
    const { page } = tmConsole;
    await page.reload();
    await page.getByTestId('inbox').waitFor();
    expect(await page.locator('[data-testid="inbox"] > li').count()).toBe(25);
    await page.getByTestId('inbox-more').click();
    await page.locator('[data-testid="inbox"] > li').nth(26).waitFor();
    const ids = await page.locator('[data-testid="inbox"] > li').evaluateAll((els) => els.map((e) => e.getAttribute('data-alert-id')));
    expect(ids).toHaveLength(27);
    expect(new Set(ids)).toEqual(new Set([alertId, ...bulkIds]));
    expect(ids[0]).toBe(alertId);
    expect(await page.getByTestId('inbox-more').count()).toBe(0);
  }, 60_000);

  it('lists the alert as awaiting TM, and takes its answer at the detail with the errors at their fields', async () => {
    const { page } = tmConsole;
    await page.getByRole('link', { name: 'Awaiting my feedback' }).click();
    await item(page, 'awaiting', alertId).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await item(page, 'awaiting', alertId).getByTestId('answer').click();
    await page.getByTestId('feedback-form').waitFor();
    // A seizure links to one of TM's own seizure reports, offered from TM's node.
    await page.getByTestId('fb-outcome').selectOption('seizure');
    await page.locator(`[data-testid="fb-seizure-report"] option[value="${tmSeizureId}"]`).waitFor({ state: 'attached' });
    // Not inspected needs a reason: the node's refusal is shown at that field.
    await page.getByTestId('fb-outcome').selectOption('not-inspected');
    await page.getByTestId('fb-submit').click();
    await page.locator('#fb-reason-error').waitFor();
    expect(await page.getByTestId('fb-reason').getAttribute('aria-invalid')).toBe('true');
    await page.getByTestId('fb-reason').fill('vessel diverted to Baku before arrival');
    await page.getByTestId('fb-submit').click();
    await page.getByTestId('fb-notice').waitFor();
    // The hub receives it from TM's node, and the detail shows it without a reload.
    await page.locator('[data-testid="feedback"] [data-agency="TM"]').filter({ hasText: 'Not inspected' }).waitFor({ timeout: 15_000 });
    const onHubNow = await call('GET', `${p.hub.url}/api/alerts/${alertId}`, { token: kz });
    expect(onHubNow.body.feedback).toMatchObject([{ agency: 'TM', outcome: 'not-inspected', reason: 'vessel diverted to Baku before arrival' }]);
    expect(await axeViolations(page)).toEqual([]);
    // Answered: no longer awaiting.
    await page.getByRole('link', { name: 'Awaiting my feedback' }).click();
    await page.getByTestId('awaiting-empty').waitFor();
  }, 60_000);

  it("shows the detail: content, who raised it, distribution, status, the driver's name withheld from TM", async () => {
    const { page } = tmConsole;
    await page.goto(`${p.hub.url}/#/alerts/KZ/${alertId}`);
    await page.getByTestId('alert-detail').waitFor();
    const text = (id: string) => page.getByTestId(id).textContent();
    expect(await text('detail-raised-by')).toContain('KZ');
    expect(await text('detail-raised-by')).toContain('PCU Aktau sea port');
    expect(await text('detail-distribution')).toContain('Named agencies');
    expect(await text('detail-distribution')).toContain('TM');
    // The handling code with its meaning, as the report form offers it.
    expect(await text('detail-distribution')).toContain('H2 — named recipients only, not further');
    expect(await text('detail-status')).toBe('Open');
    expect(await text('detail-content')).toContain('CSQU3054383');
    expect(await text('detail-content')).toContain('IMO9319466');
    expect(await text('detail-parties')).toContain('ТОО «Каспий Транс Логистик»');
    expect(await text('detail-parties')).not.toContain('Serik');
    expect(await page.getByTestId('withheld').count()).toBe(1);
    // An id of an alert TM may not see reads as one that does not exist.
    await page.goto(`${p.hub.url}/#/alerts/TM/${tmSeizureId}`);
    await page.getByTestId('alert-missing').waitFor();
  }, 60_000);

  it("amends TM's answer (a seizure, linked to TM's own seizure report); KZ sees both versions", async () => {
    const { page } = tmConsole;
    await page.goto(`${p.hub.url}/#/alerts/KZ/${alertId}`);
    await page.getByTestId('amend-feedback').click();
    await page.getByTestId('fb-outcome').selectOption('seizure');
    await page.getByTestId('fb-seizure-report').selectOption(tmSeizureId);
    await page.getByTestId('fb-submit').click();
    await page.locator('[data-testid="feedback"] [data-agency="TM"][data-version="2"]').waitFor({ timeout: 15_000 });
    const kzConsole = await openConsole(browser, p.hub.url, { token: kz, hash: `#/alerts/KZ/${alertId}` });
    const versions = kzConsole.page.locator('[data-testid="feedback"] [data-agency="TM"] [data-testid="feedback-versions"] > li');
    await versions.nth(1).waitFor();
    expect(
      await versions.evaluateAll((els) => els.map((e) => [e.getAttribute('data-version'), e.querySelector('[data-testid="outcome"]')?.textContent])),
    ).toEqual([
      ['1', 'Not inspected'],
      ['2', 'Seizure'],
    ]);
    expect(await axeViolations(kzConsole.page)).toEqual([]);
    // The same answers on KZ's own page of its alert, without going to the regional view; times in UTC.
    await kzConsole.page.goto(`${p.hub.url}/#/post/alerts/${alertId}`);
    const own = kzConsole.page.locator('[data-testid="my-alert-feedback"] [data-agency="TM"][data-version="2"]');
    await own.waitFor();
    expect(await own.locator('[data-testid="feedback-versions"] > li').count()).toBe(2);
    expect(await own.textContent()).toContain('UTC');
    expect(await kzConsole.page.getByTestId('alert-summary').textContent()).toContain('UTC');
    expect(await axeViolations(kzConsole.page)).toEqual([]);
    await kzConsole.context.close();
  }, 60_000);

  it('shows the alert history, feedback included', async () => {
    const { page } = tmConsole;
    await page.goto(`${p.hub.url}/#/alerts/KZ/${alertId}`);
    await page.getByTestId('history').locator('li').first().waitFor();
    const types = await page
      .getByTestId('history')
      .locator('li')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-type')));
    expect(types).toContain('AlertRaised');
    expect(types).toContain('FeedbackGiven');
  }, 60_000);

  it('searches by container, IMO and free text, with paging', async () => {
    const { page } = tmConsole;
    const results = () => page.locator('[data-testid="search-results"] > li').evaluateAll((els) => els.map((e) => e.getAttribute('data-alert-id')));
    for (const [field, value] of [
      ['container', 'CSQU 305438-3'],
      ['imo', '9319466'],
      ['q', 'false floor'],
    ] as const) {
      await page.goto(`${p.hub.url}/#/search`);
      await page.getByTestId(`search-${field}`).fill(value);
      await page.getByTestId('search-submit').click();
      await item(page, 'search-results', alertId).waitFor();
      expect(await results()).toEqual([alertId]);
    }
    // The criteria are in the address: a reload repeats the search.
    await page.goto(`${p.hub.url}/#/search?q=paging%20batch`);
    await page.locator('[data-testid="search-results"] > li').nth(24).waitFor();
    expect(await results()).toHaveLength(25);
    await page.getByTestId('search-more').click();
    await page.locator('[data-testid="search-results"] > li').nth(25).waitFor();
    expect(new Set(await results())).toEqual(new Set(bulkIds));
    // A malformed criterion is refused at its field.
    await page.goto(`${p.hub.url}/#/search`);
    await page.getByTestId('search-container').fill('not a container');
    await page.getByTestId('search-submit').click();
    await page.locator('#search-container-error').waitFor();
    expect(await axeViolations(page)).toEqual([]);
  }, 90_000);

  it('searches by bill of lading and by company name in another script', async () => {
    const { page } = tmConsole;
    for (const [field, value] of [
      ['billOfLading', 'KZAAU-2026-0701'],
      ['company', 'Kaspiy Trans Logistik LLP'],
    ] as const) {
      await page.goto(`${p.hub.url}/#/search`);
      await page.getByTestId(`search-${field}`).fill(value);
      await page.getByTestId('search-submit').click();
      await item(page, 'search-results', alertId).waitFor();
    }
  }, 60_000);

  it('catches up after a dropped connection: an alert raised while offline appears once back online', async () => {
    const { page, context } = tmConsole;
    const streams: string[] = [];
    const reloads: string[] = [];
    let offlineSince = 0;
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname === '/api/stream') streams.push(r.url());
      if (url.pathname === '/api/alerts' && offlineSince) reloads.push(r.url());
    });
    await page.goto(`${p.hub.url}/#/inbox`);
    await live(page);
    await context.setOffline(true);
    offlineSince = Date.now();
    await page.locator('[data-testid="feed-status"]:not([data-status="live"])').waitFor({ timeout: 15_000 });
    const missed = await raise({
      kind: 'high-risk-consignment',
      unit: 'KZ-AKTAU',
      occurredAt: minutesAgo(10),
      commodity: { category: 'weapons', description: 'pistol parts declared as machine spares' },
      distribution: { level: 'bilateral', recipients: ['TM'] },
    });
    await onHub(missed);
    await context.setOffline(false);
    await item(page, 'inbox', missed).waitFor({ timeout: 20_000 });
    expect(await item(page, 'inbox', missed).count()).toBe(1);
    // Resumed through a fresh single-use ticket after the last event seen, not by reloading the list.
    expect(streams.every((u) => /[?&]ticket=/.test(u))).toBe(true);
    expect(streams.at(-1)).toMatch(/[?&]lastEventId=/);
    expect(reloads).toEqual([]);
  }, 90_000);

  // The amendment path (C1) and the history (C6) as the browser drives them, against stand-ins for
  // the node's versioned feedback and the hub's detail: the version the officer saw is sent as
  // `expectedVersion`, a conflict says so and the next attempt amends the version now current
  // (with a new Idempotency-Key: it is a different request), and every version is listed.
  it('amends with expectedVersion, recovers from a version conflict and lists every version (stand-ins)', async () => {
    const { context, page } = await openConsole(browser, p.hub.url, { token: tm, hash: '#/dashboard' });
    const real = (await call('GET', `${p.hub.url}/api/alerts/${alertId}`, { token: tm })).body;
    const v = (version: number, outcome: string, reason?: string) => ({
      version,
      outcome,
      ...(reason ? { reason } : {}),
      givenAt: minutesAgo(10 - version),
      unit: 'TM-TURKMENBASHI',
    });
    const versions = [v(1, 'not-inspected', 'vessel diverted'), v(2, 'nothing-found'), v(3, 'seizure')];
    let current = 1;
    await context.route(`${p.hub.url}/api/alerts/${alertId}`, (route) => {
      const mine = versions.slice(0, current);
      const feedback = [{ agency: 'TM', ...mine[mine.length - 1], versions: mine }];
      const history = [
        { version: 1, type: 'AlertRaised', recordedAt: real.raisedAt, receivedAt: real.raisedAt },
        ...mine.map((x) => ({ version: x.version, type: x.version === 1 ? 'FeedbackGiven' : 'FeedbackAmended', recordedAt: x.givenAt, unit: x.unit })),
      ];
      return route.fulfill({ json: { ...real, feedbackStatus: 'given', feedback, history } });
    });
    const posts: Array<{ body: any; key: string }> = [];
    await context.route(`${p.nodes.TM.url}/api/feedback`, (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      posts.push({ body: route.request().postDataJSON(), key: route.request().headers()['idempotency-key'] });
      const cors = { 'access-control-allow-origin': p.hub.url };
      if (posts.length === 1) {
        current = 2; // someone of TM amended meanwhile
        return route.fulfill({ status: 409, headers: cors, json: { code: 'FEEDBACK.VERSION_CONFLICT', message: 'stale', currentVersion: 2 } });
      }
      current = 3;
      return route.fulfill({ status: 201, headers: cors, json: { feedbackId: randomUUID(), version: 3 } });
    });
    await page.goto(`${p.hub.url}/#/alerts/KZ/${alertId}`);
    await page.getByTestId('amend-feedback').click();
    await page.getByTestId('fb-outcome').selectOption('seizure');
    await page.getByTestId('fb-seizure-report').selectOption(tmSeizureId);
    await page.getByTestId('fb-submit').click();
    await page.getByTestId('fb-notice').filter({ hasText: 'now version 2' }).waitFor();
    // The values stay; sending again amends version 2.
    expect(await page.getByTestId('fb-outcome').inputValue()).toBe('seizure');
    await page.getByTestId('fb-submit').click();
    await page.locator('[data-testid="feedback"] [data-agency="TM"][data-version="3"]').waitFor();
    expect(posts.map((x) => x.body.expectedVersion)).toEqual([1, 2]);
    expect(posts[1].body).toMatchObject({ alertId, outcome: 'seizure', seizureReportId: tmSeizureId });
    expect(posts[0].key).toMatch(/^[0-9a-f-]{36}$/);
    expect(posts[1].key).not.toBe(posts[0].key);
    const listed = await page
      .locator('[data-testid="feedback-versions"] > li')
      .evaluateAll((els) => els.map((e) => [e.getAttribute('data-version'), e.querySelector('[data-testid="outcome"]')?.textContent]));
    expect(listed).toEqual([
      ['1', 'Not inspected'],
      ['2', 'Nothing found'],
      ['3', 'Seizure'],
    ]);
    expect(
      await page
        .getByTestId('history')
        .locator('li')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-type'))),
    ).toEqual(['AlertRaised', 'FeedbackGiven', 'FeedbackAmended', 'FeedbackAmended']);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  }, 60_000);

  it('works at phone width in Russian: inbox, awaiting, detail, search', async () => {
    const phone = await openConsole(browser, p.hub.url, { token: tm, lang: 'ru', viewport: PHONE, hash: '#/inbox' });
    const { page } = phone;
    const check = async (hash: string, ready: string, russian: string) => {
      await page.goto(`${p.hub.url}/${hash}`);
      await page.getByTestId(ready).first().waitFor();
      expect(await page.locator('main').textContent()).toContain(russian);
      expect({ hash, sideways: await scrollsSideways(page) }).toEqual({ hash, sideways: false });
      expect({ hash, axe: await axeViolations(page) }).toEqual({ hash, axe: [] });
    };
    await check('#/inbox', 'inbox', 'Входящие');
    await check('#/awaiting', 'awaiting', 'Ждут моего ответа');
    await check(`#/alerts/KZ/${alertId}`, 'alert-detail', 'Персональные данные скрыты');
    await check('#/search?container=CSQU3054383', 'search-results', 'Номер контейнера');
    expect(phone.cspViolations).toEqual([]);
    await phone.context.close();
  }, 90_000);
});

import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, ConsoleMessage, Page, Response } from 'playwright-core';
import { axeViolations, launchBrowser, openConsole, PHONE, scrollsSideways } from './support/browser.js';
import { call, eventually, minimalSeizure } from './support/http.js';
import { startBrowserPlatform, token } from './support/platform.js';

// The officer's posting screens (src/post) against real nodes and hub: the form, drafts, the
// outbox on a bad line, my agency's alerts with a 409, in English at desktop width and in Russian on a phone.
describe('web console: posting (officer)', () => {
  let p: Awaited<ReturnType<typeof startBrowserPlatform>>;
  let browser: Browser;
  let officer: string;
  const kz = () => p.nodes.KZ.url;

  beforeAll(async () => {
    p = await startBrowserPlatform(['KZ', 'TM']);
    browser = await launchBrowser();
    officer = await token('KZ', 'officer', 'KZ-AKTAU', 'kz-aktau-post');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await p?.close();
  });

  /** The KZ node's alerts with this description (the node, not the browser, is the witness). */
  const stored = async (description: string) => {
    const r = await call('GET', `${kz()}/api/alerts?limit=200`, { token: officer });
    expect(r.status).toBe(200);
    return (r.body.items as Array<{ id: string; commodity: { description: string } }>).filter((a) => a.commodity.description === description);
  };
  const field = (page: Page, path: string) => page.locator(`#post-${path.replace(/[^A-Za-z0-9]+/g, '-')}`);
  // Screenshots of the officer's screens (for the README), beside the dashboard's.
  const shot = async (page: Page, name: string) => {
    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: `test-artifacts/${name}.png`, fullPage: true });
  };
  const fillMinimal = async (page: Page, description: string) => {
    await field(page, 'commodity.category').selectOption('drugs');
    await field(page, 'commodity.description').fill(description);
  };

  it('posts through the form: choices from the reference data, check digits hinted, every error at its field, a draft kept across reload', async () => {
    const { page, context, cspViolations } = await openConsole(browser, p.hub.url, { token: officer, hash: '#/post/new' });
    await page.getByLabel('Commodity category').waitFor();
    expect(await page.getByLabel('Commodity category').locator('option').allTextContents()).toContain('Narcotic drugs and psychotropic substances');
    expect(await page.getByLabel('Detection method').locator('option').allTextContents()).toContain('X ray scanner');

    // Sent empty: the summary names each field by its label on the form, once, with one message.
    await page.getByTestId('submit').click();
    await page.getByTestId('error-summary').waitFor();
    const lines = await page.getByTestId('error-summary').locator('li').allTextContents();
    expect(lines.filter((l) => l.startsWith('Commodity category: '))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('Description: '))).toHaveLength(1);
    expect(lines.join('\n')).not.toMatch(/commodity\.|must be a string/);

    const description = `heroin under the floor ${Date.now()}`;
    await fillMinimal(page, description);
    await page.getByLabel('Container numbers').fill('CSQU 305438-4');
    await expect(page.getByTestId('container-hints').textContent()).resolves.toContain('check digit should be 3');
    await page.getByLabel('Vessel IMO number').fill('IMO 9321484');
    await expect(page.locator('#post-vessel-imo-hint').textContent()).resolves.toContain('does not match');
    await page.getByLabel('HS code').fill('29A');
    await page.getByLabel('UN/LOCODE of the place').fill('KZ1');

    // A reload keeps the half-filled form (the draft is the officer's, in this browser).
    // A page load fetches nothing that fails and logs no error (the icon included).
    const failures: string[] = [];
    const failedFetch = (r: Response) => void (r.status() >= 400 && failures.push(`${r.status()} ${r.url()}`));
    const loggedError = (m: ConsoleMessage) => void (m.type() === 'error' && failures.push(m.text()));
    page.on('response', failedFetch);
    page.on('console', loggedError);
    await page.reload();
    await expect(field(page, 'commodity.description').inputValue()).resolves.toBe(description);
    await page.waitForLoadState('networkidle');
    expect(failures).toEqual([]);
    // The icon the page names is served (no browser falls back to a missing /favicon.ico).
    const icon = (await page.locator('link[rel="icon"]').getAttribute('href')) ?? '';
    expect(icon).toBe('/favicon.svg');
    const served = await page.request.get(new URL(icon, page.url()).href);
    expect({ status: served.status(), type: served.headers()['content-type'] }).toMatchObject({ status: 200, type: expect.stringContaining('image/svg+xml') });
    page.off('response', failedFetch);
    page.off('console', loggedError);

    await page.getByTestId('submit').click();
    await page.getByTestId('error-summary').waitFor();
    // Several fields wrong at once: each error is at its own field, from the one answer.
    for (const path of ['commodity.hsCode', 'locode', 'containers']) await page.getByTestId(`error-${path}`).waitFor();
    await expect(field(page, 'commodity.hsCode').getAttribute('aria-invalid')).resolves.toBe('true');
    expect(await stored(description)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'post-new-report-errors');

    await page.getByLabel('HS code').fill('293911');
    await page.getByLabel('UN/LOCODE of the place').fill('KZAAU');
    await page.getByLabel('Container numbers').fill('CSQU 305438-3');
    await expect(page.getByTestId('container-hints').textContent()).resolves.toContain('check digit correct');
    await page.getByTestId('submit').click();
    await page.getByTestId('delivered').waitFor();
    // The IMO number with a bad check digit is stored as given, and the officer is told.
    await expect(page.getByTestId('warning').textContent()).resolves.toContain('IMO');

    const [alert] = await stored(description);
    const full = await call('GET', `${kz()}/api/alerts/${alert.id}`, { token: officer });
    expect(full.body).toMatchObject({ containers: ['CSQU3054383'], vessel: { imo: 'IMO9321484' }, locode: 'KZAAU', distribution: { level: 'regional' } });
    expect(await stored(description)).toHaveLength(1);
    // Sent, so the draft is gone: a reload shows an empty form.
    await page.reload();
    await expect(field(page, 'commodity.description').inputValue()).resolves.toBe('');
    expect(cspViolations).toEqual([]);
    await context.close();
  }, 90_000);

  it('C4: format and reference-data errors in one answer; a bad container check digit stored after an explicit confirmation', async () => {
    const { page, context } = await openConsole(browser, p.hub.url, { token: officer, hash: '#/post/new' });
    // A code the node no longer knows (the console's reference data is stale): a reference-data error.
    await page.route(`${kz()}/api/reference`, async (route) => {
      const res = await route.fetch();
      const body = await res.json();
      await route.fulfill({ response: res, json: { ...body, detectionMethods: [...body.detectionMethods, 'drone'] } });
    });
    await page.reload();
    const description = `cigarettes, misread digit ${Date.now()}`;
    await fillMinimal(page, description);
    await field(page, 'detectionMethod').selectOption('drone');
    await field(page, 'commodity.hsCode').fill('29A');
    await field(page, 'containers').fill('CSQU 305438-4');
    await page.getByTestId('submit').click();
    for (const path of ['detectionMethod', 'commodity.hsCode', 'containers']) await page.getByTestId(`error-${path}`).waitFor();
    await field(page, 'detectionMethod').selectOption('dog');
    await field(page, 'commodity.hsCode').fill('240220');
    await page.getByTestId('submit').click();
    await page.getByTestId('confirm-containers.checkDigit').check();
    await page.getByTestId('submit').click();
    await page.getByTestId('delivered').waitFor();
    await page.getByTestId('warning').first().waitFor();
    const [alert] = await stored(description);
    expect((await call('GET', `${kz()}/api/alerts/${alert.id}`, { token: officer })).body).toMatchObject({
      containers: ['CSQU3054384'],
      detectionMethod: 'dog',
    });
    expect(await stored(description)).toHaveLength(1);
    await context.close();
  }, 90_000);

  it('on a phone, in Russian: a report submitted offline waits in the outbox and is delivered once when the connection returns', async () => {
    const { page, context } = await openConsole(browser, p.hub.url, { token: officer, lang: 'ru', viewport: PHONE, hash: '#/post/new' });
    await page.getByLabel('Категория товара').waitFor();
    expect(await page.getByTestId('nav').textContent()).toContain('Новое сообщение');
    // The kind carries the console's one Russian name, the same as in the inbox and the detail.
    await page.getByRole('radio', { name: 'Груз высокого риска' }).waitFor();
    expect(await page.getByRole('radiogroup').first().textContent()).not.toContain('Ориентировка');
    expect(await scrollsSideways(page)).toBe(false);

    const offline = `offline report ${Date.now()}`;
    await fillMinimal(page, offline);
    await context.setOffline(true);
    await page.getByTestId('submit').click();
    await page.getByTestId('queued').waitFor();
    await page.getByTestId('outbox-queued').waitFor();
    await expect(page.getByTestId('outbox-status').textContent()).resolves.toContain('Ждут отправки: 1');
    expect(await stored(offline)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'post-outbox-phone-ru');
    expect(await scrollsSideways(page)).toBe(false);

    // A second one the node will refuse once it hears of it (a bad HS code): it comes back to the form.
    const refused = `refused after the wait ${Date.now()}`;
    await fillMinimal(page, refused);
    await field(page, 'commodity.hsCode').fill('29A');
    await page.getByTestId('submit').click();
    await expect(page.getByTestId('outbox-status').textContent()).resolves.toContain('Ждут отправки: 2');

    await context.setOffline(false);
    await page.getByTestId('outbox-delivered').waitFor({ timeout: 30_000 });
    await page.getByTestId('outbox-refused').waitFor();
    expect(await stored(offline)).toHaveLength(1);
    await page.getByTestId('edit-refused').click();
    await expect(field(page, 'commodity.description').inputValue()).resolves.toBe(refused);
    await page.getByTestId('error-commodity.hsCode').waitFor();
    await field(page, 'commodity.hsCode').fill('293911');
    await page.getByTestId('submit').click();
    await page.getByTestId('delivered').waitFor();
    expect(await stored(refused)).toHaveLength(1);

    // The answer is lost on the way back (the node stored it): the outbox sends it again with the
    // same Idempotency-Key, and the node still holds it once.
    const lost = `answer lost ${Date.now()}`;
    let attempts = 0;
    await page.route(`${kz()}/api/alerts`, async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      attempts++;
      await route.fetch();
      await route.abort('connectionreset');
    });
    await fillMinimal(page, lost);
    await page.getByTestId('submit').click();
    await page.getByTestId('queued').waitFor();
    expect(await stored(lost)).toHaveLength(1);
    await page.unroute(`${kz()}/api/alerts`);
    await page.getByTestId('send-now').click();
    await eventually(async () => (await page.getByTestId('outbox-delivered').count()) === 2, 'the lost one delivered too', 20_000);
    expect(attempts).toBeGreaterThanOrEqual(1);
    expect(await stored(lost)).toHaveLength(1);
    await page.reload();
    await page.getByTestId('outbox').waitFor();
    expect(await stored(offline)).toHaveLength(1);
    await context.close();
  }, 120_000);

  it("signing out forgets this browser's draft and delivered reports; a report still waiting is kept, after the officer confirms", async () => {
    const { page, context } = await openConsole(browser, p.hub.url, { token: officer, hash: '#/post/new' });
    const keys = () =>
      page.evaluate(() => {
        const ls = (globalThis as unknown as { localStorage: { length: number; key(i: number): string | null; getItem(k: string): string | null } })
          .localStorage;
        return Object.fromEntries(
          [...Array(ls.length).keys()]
            .map((i) => ls.key(i)!)
            .filter((k) => k.startsWith('cix.post.'))
            .map((k) => [k, ls.getItem(k)]),
        );
      });
    const delivered = `delivered before sign-out ${Date.now()}`;
    await fillMinimal(page, delivered);
    await page.getByTestId('submit').click();
    await page.getByTestId('delivered').waitFor();
    const waiting = `waiting at sign-out ${Date.now()}`;
    await fillMinimal(page, waiting);
    await context.setOffline(true);
    await page.getByTestId('submit').click();
    await page.getByTestId('queued').waitFor();
    await fillMinimal(page, `draft of Ivanov Ivan ${Date.now()}`);
    await eventually(async () => Object.keys(await keys()).some((k) => k.startsWith('cix.post.draft.')), 'the draft saved', 10_000);

    // First the officer declines: nothing is forgotten, still signed in.
    page.once('dialog', (d) => void d.dismiss());
    await page.getByTestId('sign-out').click();
    await page.getByTestId('who').waitFor();
    expect(Object.keys(await keys()).some((k) => k.startsWith('cix.post.draft.'))).toBe(true);

    page.once('dialog', (d) => {
      expect(d.message()).toContain('1');
      void d.accept();
    });
    await page.getByTestId('sign-out').click();
    await page.getByTestId('who').waitFor({ state: 'detached' });
    const left = await keys();
    expect(Object.keys(left).some((k) => k.startsWith('cix.post.draft.'))).toBe(false);
    const outbox = Object.entries(left).find(([k]) => k.startsWith('cix.post.outbox.'))?.[1] ?? '[]';
    expect(outbox).toContain(waiting);
    expect(outbox).not.toContain(delivered);
    expect(outbox).not.toContain('Ivanov');
    await context.close();
  }, 60_000);

  it("on a phone, in Russian: my agency's alerts are paged; a 409 shows what changed meanwhile and re-applies the officer's change; distribution and status change", async () => {
    const stamp = Date.now();
    const rows = Array.from({ length: 22 }, (_, i) => minimalSeizure({ commodity: { category: 'drugs', description: `bulk ${stamp} #${i}` } }));
    expect((await call('POST', `${kz()}/api/alerts/bulk`, { token: officer, body: rows })).status).toBeLessThan(300);
    const target = `to be amended ${stamp}`;
    const raised = await call('POST', `${kz()}/api/alerts`, {
      token: officer,
      body: minimalSeizure({ commodity: { category: 'drugs', description: target } }),
    });
    expect(raised.status).toBe(201);
    const id = raised.body.id as string;

    const { page, context } = await openConsole(browser, p.hub.url, { token: officer, lang: 'ru', viewport: PHONE, hash: '#/post/mine' });
    await page.getByTestId('my-alert').first().waitFor();
    expect(await page.getByTestId('my-alert').count()).toBe(20);
    await page.getByTestId('more').click();
    await eventually(async () => (await page.getByTestId('my-alert').count()) > 20, 'the second page');
    const ids = await page.getByTestId('my-alert').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    expect(new Set(ids).size).toBe(ids.length);
    const text = await page.getByTestId('my-alerts').textContent();
    for (let i = 0; i < 22; i++) expect(text).toContain(`bulk ${stamp} #${i}`);
    expect(await scrollsSideways(page)).toBe(false);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('link', { name: new RegExp(target) }).click();
    await page.getByTestId('alert-summary').waitFor();
    await page.getByTestId('open-amend').click();
    await field(page, 'commodity.description').fill(`${target}, amended in the browser`);
    // Meanwhile a colleague amends the same alert.
    const other = await call('POST', `${kz()}/api/alerts/${id}/amendments`, {
      token: await token('KZ', 'officer', 'KZ-AKTAU', 'kz-aktau-colleague'),
      body: { expectedVersion: 1, changes: { recommendedAction: 'Inspect the false floor at Aktau' } },
      headers: { 'idempotency-key': `colleague-${stamp}` },
    });
    expect(other.status).toBe(200);
    await page.getByTestId('submit').click();
    await page.getByTestId('conflict').waitFor();
    const meanwhile = await page.getByTestId('meanwhile').textContent();
    expect(meanwhile).toContain('Изменено');
    expect(meanwhile).toContain('Рекомендуемые действия: Inspect the false floor at Aktau');
    await expect(page.getByTestId('conflict').textContent()).resolves.toContain('amended in the browser');
    expect(await axeViolations(page)).toEqual([]);
    expect(await scrollsSideways(page)).toBe(false);
    await shot(page, 'post-conflict-phone-ru');

    await page.getByTestId('reapply').click();
    await page.getByTestId('applied').waitFor();
    let now = (await call('GET', `${kz()}/api/alerts/${id}`, { token: officer })).body;
    expect(now).toMatchObject({
      version: 3,
      recommendedAction: 'Inspect the false floor at Aktau',
      commodity: { description: `${target}, amended in the browser` },
    });

    await page.getByTestId('open-distribution').click();
    await page.getByLabel('Названные ведомства').check();
    await page.getByRole('group', { name: 'Получатели' }).getByRole('checkbox', { name: /^TM/ }).check();
    await page.getByTestId('change-distribution').click();
    await page.getByTestId('alert-distribution').filter({ hasText: 'TM' }).waitFor();
    now = (await call('GET', `${kz()}/api/alerts/${id}`, { token: officer })).body;
    expect(now.distribution).toEqual({ level: 'bilateral', recipients: ['TM'] });

    await page.getByTestId('open-status').click();
    await page.getByTestId('close').click();
    await page.getByTestId('alert-status').filter({ hasText: 'Закрыто' }).waitFor();
    now = (await call('GET', `${kz()}/api/alerts/${id}`, { token: officer })).body;
    expect(now).toMatchObject({ status: 'closed', version: 5 });
    await expect(page.getByTestId('history').textContent()).resolves.toContain('Изменена рассылка');
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'post-manage-phone-ru');
    await context.close();
  }, 120_000);

  it('C2: the owner grants TM the persons of one alert with a legal basis, and revokes it', async () => {
    const raised = await call('POST', `${kz()}/api/alerts`, {
      token: officer,
      body: minimalSeizure({
        commodity: { category: 'drugs', description: `driver to be named ${Date.now()}` },
        distribution: { level: 'bilateral', recipients: ['TM'] },
        parties: [{ role: 'driver', name: 'Serik Abenov', isPerson: true, nationality: 'KZ' }],
      }),
    });
    const id = raised.body.id as string;
    const tm = await token('TM', 'officer', 'TM-TURKMENBASHI');
    const tmSees = async () => JSON.stringify((await call('GET', `${p.hub.url}/api/alerts/${id}`, { token: tm })).body);
    await eventually(async () => (await tmSees()).includes('[personal data withheld]'), 'TM sees the alert, person withheld');

    const { page, context } = await openConsole(browser, p.hub.url, { token: officer, hash: `#/post/alerts/${id}` });
    await page.getByTestId('open-grants').click();
    await page.getByRole('group', { name: 'Agencies to grant' }).getByRole('checkbox', { name: /^TM/ }).check();
    await page.getByLabel('Legal basis *').fill('Bilateral customs agreement KZ–TM, art. 7: driver to be checked at Turkmenbashi');
    await page.getByTestId('grant').click();
    await page.getByTestId('grant-TM').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await eventually(async () => (await tmSees()).includes('Serik Abenov'), 'TM sees the driver');

    await page.getByTestId('revoke-TM').click();
    await eventually(async () => (await page.getByTestId('grant-TM').count()) === 0, 'the grant gone from the list');
    await eventually(async () => !(await tmSees()).includes('Serik Abenov'), 'the driver withheld from TM again');
    await expect(page.getByTestId('history').textContent()).resolves.toContain('Personal-data grant revoked');
    await context.close();
  }, 90_000);
});

import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { issueToken } from '@cix/auth';
import { axeViolations, launchBrowser, openConsole, PHONE, scrollsSideways } from './support/browser.js';
import { call } from './support/http.js';
import { refreshAtProvider, startOidcBrowserPlatform } from './support/oidc.js';
import { testKeys } from './support/test-env.js';

type Storage = { getItem(k: string): string | null };
const stored = (page: Page, key: string) => page.evaluate((k) => (globalThis as unknown as { sessionStorage: Storage }).sessionStorage.getItem(k), key);
const htmlLang = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { document: { documentElement: { lang: string } } }).document.documentElement.lang);

// Signing in as a person does: the console sends them to their agency's OpenID Provider
// (authorization code + PKCE), they type their password into the provider's own form, and come back
// signed in; the session is renewed before it expires without disturbing the screen, ends with a
// message when it cannot be, and signing out ends the provider's session too.
describe('web console: sign-in at the agency identity provider', () => {
  let p: Awaited<ReturnType<typeof startOidcBrowserPlatform>>;
  let browser: Browser;

  beforeAll(async () => {
    // Access tokens of 20 s: renewal starts 10 s before expiry (SessionKeeper's lead), within one test.
    p = await startOidcBrowserPlatform(['KZ', 'TM'], { accessTokenTtlSeconds: 20 });
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await p?.close();
  });

  it('a KZ officer signs in through the provider, keeps a half-filled form across renewal, and signs out at the provider', async () => {
    const { page, context, cspViolations } = await openConsole(browser, p.hub.url);
    await page.getByTestId('sign-in-KZ').waitFor();
    // the developer sign-in (token, demo users) is there, folded away
    expect(await page.getByTestId('developer-sign-in').getAttribute('open')).toBeNull();
    expect(await axeViolations(page)).toEqual([]);
    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/sign-in.png', fullPage: true });

    await page.getByTestId('sign-in-KZ').click();
    await page.waitForURL(`${p.idp.issuers.KZ}/interaction/**`);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('User name').fill('kz-aktau-officer');
    await page.getByLabel('Password').fill('caspian-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('who').waitFor();
    expect(await page.getByTestId('who').textContent()).toContain('KZ · officer · KZ-AKTAU');
    expect(page.url()).not.toContain('code=');
    const token = (await stored(page, 'cix.token'))!;
    expect((await call('GET', `${p.nodes.KZ.url}/api/alerts`, { token })).status).toBe(200);
    expect((await call('GET', `${p.hub.url}/api/alerts`, { token })).status).toBe(200);

    // a filter typed but not applied (kept nowhere but in the screen) survives the renewal: the screen is not remounted
    await page.getByTestId('nav').getByRole('link', { name: 'Dashboard' }).click();
    await page.getByTestId('from').fill('2026-03-01');
    await page.getByTestId('session-renewed').waitFor({ timeout: 25_000 });
    const renewed = (await stored(page, 'cix.token'))!;
    expect(renewed).not.toBe(token);
    expect(await page.getByTestId('from').inputValue()).toBe('2026-03-01');
    expect((await call('GET', `${p.hub.url}/api/alerts`, { token: renewed })).status).toBe(200);
    expect(cspViolations).toEqual([]);

    const { refreshToken } = JSON.parse((await stored(page, 'cix.oidc'))!) as { refreshToken: string };
    await page.getByTestId('sign-out').click();
    await page.getByTestId('signed-out').waitFor();
    expect(await stored(page, 'cix.token')).toBeNull();
    // the provider's session ended: its refresh token is dead, and signing in asks for the password again
    await expect(refreshAtProvider(p.idp.issuers.KZ, refreshToken)).rejects.toThrow(/invalid_grant/);
    await page.getByTestId('sign-in-KZ').click();
    await page.waitForURL(`${p.idp.issuers.KZ}/interaction/**`);
    await page.getByLabel('Password').waitFor();
    await context.close();
  }, 90_000);

  it('on a phone in Russian: the sign-in page and the provider form, a wrong password, then in', async () => {
    const { page, context } = await openConsole(browser, p.hub.url, { lang: 'ru', viewport: PHONE });
    await page.getByTestId('sign-in-TM').waitFor();
    expect(await page.getByRole('heading', { level: 2 }).first().textContent()).toBe('Вход с учётной записью вашего ведомства');
    expect(await scrollsSideways(page)).toBe(false);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByTestId('sign-in-TM').click();
    await page.waitForURL(`${p.idp.issuers.TM}/interaction/**`);
    expect(await htmlLang(page)).toBe('ru');
    expect(await scrollsSideways(page)).toBe(false);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-artifacts/provider-sign-in-phone-ru.png', fullPage: true });
    await page.getByLabel('Имя пользователя').fill('tm-turkmenbashi-officer');
    await page.getByLabel('Пароль').fill('wrong');
    await page.getByRole('button', { name: 'Войти' }).click();
    expect(await page.getByRole('alert').textContent()).toBe('Неизвестное имя пользователя или неверный пароль.');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Пароль').fill('caspian-demo');
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByTestId('who').waitFor();
    expect(await page.getByTestId('who').textContent()).toContain('TM · сотрудник · TM-TURKMENBASHI');
    expect(await htmlLang(page)).toBe('ru');
    await context.close();
  }, 60_000);

  it('a session that cannot be renewed is announced ahead, then ends with a message and the sign-in page', async () => {
    // a developer token (no refresh token) of 12 s: the warning shows 10 s before its end
    const token = await issueToken(readFileSync(testKeys.issuers.KZ.key), { agency: 'KZ', role: 'officer', unit: 'KZ-AKTAU' }, 12);
    const { page, context } = await openConsole(browser, p.hub.url, { token });
    await page.getByTestId('session-expiry').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('session-expiry').textContent()).toContain('cannot be renewed');
    await page.screenshot({ path: 'test-artifacts/session-expiry.png' });
    expect(await axeViolations(page)).toEqual([]);
    await page.getByTestId('session-ended').waitFor({ timeout: 20_000 });
    await page.getByTestId('sign-in-KZ').waitFor();
    expect(await page.getByTestId('who').count()).toBe(0);
    expect(await stored(page, 'cix.token')).toBeNull();
    await context.close();
  }, 60_000);
});

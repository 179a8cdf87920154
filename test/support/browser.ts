// A real browser for the console's tests: Debian's Chromium driven by playwright-core, signed in
// as any principal, at desktop or phone width, with axe-core to check each screen's accessibility.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const PHONE = { width: 390, height: 844 } as const;
export const DESKTOP = { width: 1280, height: 1000 } as const;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface ConsolePage {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Content-Security-Policy violations reported by the page: any is a bug. */
  readonly cspViolations: string[];
}

/**
 * A browser context already signed in with `token` (the console keeps the session's token in
 * sessionStorage under `cix.token`), in `lang`, at `viewport`; the page is at `hubUrl` + `hash`.
 */
export async function openConsole(
  browser: Browser,
  hubUrl: string,
  opts: { token?: string; lang?: 'en' | 'ru'; viewport?: { width: number; height: number }; hash?: string } = {},
): Promise<ConsolePage> {
  const context = await browser.newContext({ viewport: opts.viewport ?? DESKTOP, locale: opts.lang === 'ru' ? 'ru-RU' : 'en-GB' });
  await context.addInitScript(
    ([token, lang]) => {
      type Store = { getItem(k: string): string | null; setItem(k: string, v: string): void };
      const w = globalThis as unknown as { sessionStorage: Store; localStorage: Store };
      if (token && !w.sessionStorage.getItem('cix.token')) w.sessionStorage.setItem('cix.token', token);
      if (lang && !w.localStorage.getItem('cix.lang')) w.localStorage.setItem('cix.lang', lang);
    },
    [opts.token ?? '', opts.lang ?? ''] as const,
  );
  const page = await context.newPage();
  const cspViolations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  await page.goto(`${hubUrl}/${opts.hash ?? ''}`);
  return { context, page, cspViolations };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations on the page as it is now (id, impact, the first nodes). */
export async function axeViolations(page: Page): Promise<Array<{ id: string; impact: string; nodes: string[] }>> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: unknown }> }> }> } })
      .axe;
    const result = await axe.run();
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)) }));
  });
}

/** True when the page scrolls sideways (a phone layout must not). */
export function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const d = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
    return d.scrollWidth > d.clientWidth + 1;
  });
}

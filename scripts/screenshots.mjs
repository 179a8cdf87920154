// Screenshots of the web console for the README, taken with Chromium (playwright-core) from a running
// local stack (`npm start`): every screen in the navigation of each role, signed in as the stack's demo
// users, on a desktop in English and on a 390-px phone in Russian.
//
//   node scripts/screenshots.mjs [--url http://127.0.0.1:3000] [--out docs/screenshots] [--chromium /usr/bin/chromium]
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values: opts } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:3000' },
    out: { type: 'string', default: 'docs/screenshots' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
  },
});
const VIEWS = [
  { name: 'desktop-en', lang: 'en', viewport: { width: 1280, height: 900 }, fullPage: true },
  { name: 'phone-ru', lang: 'ru', viewport: { width: 390, height: 844 }, fullPage: false },
];

// Screens reached by a link rather than the navigation.
const LINKED = { coordinator: ['#/dashboard/alerts?kind=seizure&from=2026-01-01'] };

const claims = (token) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));

// The demo users exist only on the local stack (DEMO_SIGN_IN=true, set by `npm start`).
const res = await fetch(`${opts.url}/api/demo/users`).catch(() => null);
if (!res?.ok) {
  console.error(`no demo users at ${opts.url}/api/demo/users: start the local stack with \`npm start\` first`);
  process.exit(1);
}
const { users } = await res.json();
// One user per role (the first of each: a coordinator, an officer, an auditor).
const byRole = new Map();
for (const u of users) {
  const c = claims(u.token);
  if (!byRole.has(c.role)) byRole.set(c.role, { ...u, ...c });
}

mkdirSync(opts.out, { recursive: true });
const browser = await chromium.launch({ executablePath: opts.chromium, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
const written = [];
try {
  for (const [role, user] of byRole) {
    for (const view of VIEWS) {
      const context = await browser.newContext({ viewport: view.viewport, locale: view.lang === 'ru' ? 'ru-RU' : 'en-GB' });
      await context.addInitScript(
        ([token, lang]) => {
          sessionStorage.setItem('cix.token', token);
          localStorage.setItem('cix.lang', lang);
        },
        [user.token, view.lang],
      );
      const page = await context.newPage();
      await page.goto(`${opts.url}/`);
      await page.getByTestId('nav').waitFor({ timeout: 15_000 });
      const paths = await page.locator('[data-testid="nav"] a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      for (const hash of [...paths, ...(LINKED[role] ?? [])]) {
        await page.goto(`${opts.url}/${hash}`);
        // Screens fetch after they render: wait until the network is quiet (the live feed stays open, so not "networkidle").
        await page.waitForTimeout(1500);
        const file = path.join(
          opts.out,
          `${role}-${hash
            .replace(/^#\//, '')
            .replace(/\?.*/, '')
            .replace(/[^a-z0-9]+/gi, '-')}-${view.name}.png`,
        );
        await page.screenshot({ path: file, fullPage: view.fullPage });
        written.push(file);
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
}
console.log(written.join('\n'));

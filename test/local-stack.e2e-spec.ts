import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { freePort } from '../tools/infra/ports.mjs';
import { signInWithProvider } from './support/oidc.js';
import { tmpRoot } from './support/test-env.js';

// The README's first command, `npm start`, as a new user runs it (without the demo data, to keep
// it short): every service comes up, health answers, demo sign-in is on, the OpenID Provider signs
// people in, Ctrl-C stops everything.
// Nothing else starts scripts/stack.mjs, so a broken stack would otherwise go unnoticed.
describe('local stack (npm start)', () => {
  let stack: ChildProcess;
  let output = '';
  const ports: Record<string, number> = {};

  beforeAll(async () => {
    execFileSync(process.execPath, ['scripts/build.mjs', '--quiet']);
    execFileSync(process.execPath, ['scripts/build-console.mjs', '--quiet']);
    for (const k of ['HUB_PORT', 'AZ_PORT', 'KZ_PORT', 'TM_PORT', 'PG_PORT', 'NATS_PORT', 'OIDC_PORT']) ports[k] = await freePort();
    const env = {
      ...process.env,
      CIX_DATA_DIR: mkdtempSync(path.join(tmpRoot, 'stack-')),
      CIX_SEED: 'false',
      LOG_LEVEL: 'warn',
      ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
    };
    stack = spawn(process.execPath, ['scripts/stack.mjs'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    stack.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    stack.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const started = Date.now();
    while (!output.includes('is running') && stack.exitCode === null && Date.now() - started < 90_000) await new Promise((r) => setTimeout(r, 200));
  }, 150_000);

  afterAll(async () => {
    if (stack && stack.exitCode === null) {
      const exited = new Promise((r) => stack.once('exit', r));
      process.kill(-stack.pid!, 'SIGINT');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
      if (stack.exitCode === null) process.kill(-stack.pid!, 'SIGKILL');
    }
  }, 30_000);

  it('starts every service, prints the URLs, and offers demo sign-in', async () => {
    expect({ running: output.includes('is running'), exit: stack.exitCode }).toEqual({ running: true, exit: null });
    for (const k of ['HUB_PORT', 'AZ_PORT', 'KZ_PORT', 'TM_PORT']) {
      expect(output).toContain(`:${ports[k]}`);
      expect((await fetch(`http://127.0.0.1:${ports[k]}/health`)).status).toBe(200);
    }
    const demo = await fetch(`http://127.0.0.1:${ports.HUB_PORT}/api/demo/users`);
    expect(demo.status).toBe(200);
    expect(((await demo.json()) as { users: unknown[] }).users.length).toBeGreaterThan(0);
  });

  it('runs the OpenID Provider: prints the demo users and their password, and its tokens open the hub and the nodes', async () => {
    expect(output).toContain('password "caspian-demo"');
    expect(output).toMatch(/kz-aktau-officer\s+KZ\s+officer\s+KZ-AKTAU/);
    const issuer = `http://127.0.0.1:${ports.OIDC_PORT}/KZ`;
    const config = (await (await fetch(`http://127.0.0.1:${ports.HUB_PORT}/api/console/config`)).json()) as {
      issuers: Array<{ agency: string; issuer: string }>;
    };
    expect(config.issuers.find((i) => i.agency === 'KZ')?.issuer).toBe(issuer);
    const { access_token: token } = await signInWithProvider(issuer, 'kz-aktau-officer', 'caspian-demo', `http://127.0.0.1:${ports.HUB_PORT}/`);
    for (const port of [ports.HUB_PORT, ports.KZ_PORT]) {
      expect((await fetch(`http://127.0.0.1:${port}/api/alerts`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    }
  }, 30_000);

  it('prints a token command that works as printed in another shell, with its data folder and ports', () => {
    const command = /make your own with\n {2}(.+)\n/.exec(output)?.[1];
    expect(command).toContain(`HUB_PORT=${ports.HUB_PORT} `);
    // Another shell: none of the stack's variables set.
    const shell = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(CIX_DATA_DIR|HUB_PORT|AZ_PORT|KZ_PORT|TM_PORT)$/.test(k)));
    const token = execFileSync('sh', ['-c', `${command!.replace('npm run cix', 'npm run -s cix')} | tail -1`], { env: shell, encoding: 'utf8' }).trim();
    expect(token.split('.')).toHaveLength(3);
  }, 60_000);

  it('Ctrl-C stops everything it started', async () => {
    const exited = new Promise<number | null>((r) => stack.once('exit', (code) => r(code)));
    process.kill(-stack.pid!, 'SIGINT');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
    expect(stack.exitCode).not.toBeNull();
    await expect(fetch(`http://127.0.0.1:${ports.HUB_PORT}/health`)).rejects.toThrow();
    await expect(fetch(`http://127.0.0.1:${ports.OIDC_PORT}/KZ/jwks`)).rejects.toThrow();
  }, 30_000);
});

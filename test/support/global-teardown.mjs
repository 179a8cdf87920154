import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  const t = globalThis.__cixTest;
  if (!t) return;
  await t.pg.stop();
  rmSync(t.tmp, { recursive: true, force: true });
}

// Compiles apps/ and libs/ (and bench/) to dist/ with swc: fast, and it keeps the decorator metadata
// Nest's dependency injection needs. Type checking is a separate step (`npm run typecheck`).
// Files are replaced in place (a running stack keeps working while `npm start` rebuilds), each by an
// atomic rename: test suites running in parallel rebuild dist/ while others run the CLI from it.
// `@cix/<lib>` aliases are rewritten to relative paths because Node's ESM loader knows no tsconfig paths.
import { transformFile } from '@swc/core';
import { swcOptions } from './swc-options.mjs';
import { mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist');
const quiet = process.argv.includes('--quiet');
const sources = ['apps', 'libs', 'bench'];

async function* walk(dir) {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== 'web-console') yield* walk(full);
    } else if (e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') && !e.name.endsWith('.d.ts')) yield full;
  }
}

const options = { ...swcOptions, sourceMaps: true };

/** A reader sees the old file or the new one, never a half-written one. */
async function writeAtomic(file, content) {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, content);
  await rename(tmp, file);
}

const started = Date.now();
let count = 0;
const jobs = [];
for (const dir of sources) {
  for await (const file of walk(path.join(root, dir))) {
    jobs.push(
      (async () => {
        const rel = path.relative(root, file);
        const target = path.join(out, rel.replace(/\.ts$/, '.js'));
        const { code, map } = await transformFile(file, { ...options, filename: file });
        const rewritten = code.replace(/(from\s+|import\()(['"])@cix\/([a-z-]+)\2/g, (_m, pre, q, lib) => {
          let rel2 = path.relative(path.dirname(target), path.join(out, 'libs', lib, 'src', 'index.js'));
          if (!rel2.startsWith('.')) rel2 = './' + rel2;
          return `${pre}${q}${rel2}${q}`;
        });
        await mkdir(path.dirname(target), { recursive: true });
        await writeAtomic(target, rewritten + `\n//# sourceMappingURL=${path.basename(target)}.map\n`);
        if (map) await writeAtomic(target + '.map', map);
        count++;
      })(),
    );
  }
}
await Promise.all(jobs);
if (!quiet) console.log(`built ${count} files into dist/ in ${Date.now() - started} ms`);

// Builds the web console (apps/web-console) into apps/web-console/dist with Vite; the hub serves it at `/`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../apps/web-console');
const started = Date.now();
await build({
  root,
  base: '/',
  logLevel: process.argv.includes('--quiet') ? 'warn' : 'info',
  esbuild: { jsx: 'automatic' },
  build: { outDir: path.join(root, 'dist'), emptyOutDir: true, chunkSizeWarningLimit: 1024 },
});
if (!process.argv.includes('--quiet')) console.log(`built the web console in ${Date.now() - started} ms`);

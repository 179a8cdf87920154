import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';

// Russian complete, for the whole console: every area's labels (src/locales and src/<area>/locales)
// have the same keys in English and Russian, no empty label, and no English left in the Russian file
// (a value equal to the English one passes only when it is a code or an abbreviation, such as "CSV").
const SRC = 'apps/web-console/src';

function localeFolders(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (!e.isDirectory() || e.name === 'api') return [];
    const full = path.join(dir, e.name);
    return e.name === 'locales' ? [full] : localeFolders(full);
  });
}

function leaves(o: unknown, prefix = ''): Map<string, unknown> {
  if (typeof o !== 'object' || o === null) return new Map([[prefix, o]]);
  return new Map(Object.entries(o).flatMap(([k, v]) => [...leaves(v, prefix ? `${prefix}.${k}` : k)]));
}

describe('console labels', () => {
  const folders = localeFolders(SRC);

  it('finds the shared labels', () => {
    expect(folders).toContain(path.join(SRC, 'locales'));
  });

  it.each(folders)('%s: Russian has every English key, nothing empty, nothing left in English', (folder) => {
    const en = leaves(JSON.parse(readFileSync(path.join(folder, 'en.json'), 'utf8')));
    const ru = leaves(JSON.parse(readFileSync(path.join(folder, 'ru.json'), 'utf8')));
    expect([...ru.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [key, value] of ru) {
      expect({ key, ok: typeof value === 'string' && value.trim() !== '' }).toEqual({ key, ok: true });
      const untranslated = value === en.get(key) && /[a-z]{3,}/.test(String(value));
      expect({ key, untranslated }).toEqual({ key, untranslated: false });
    }
  });
});

// ESLint 10 flat config with typescript-eslint 8 (type-aware through the TypeScript project service).
// The rules chosen are the ones that catch bugs: promises nobody awaits or that are handed to
// callbacks expecting void, `any` leaking out of untyped JSON, switches that miss a case.
// Formatting is Prettier's job alone (eslint-config-prettier switches off the rules that overlap).
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['**/node_modules/', '**/dist/', '.data/', 'coverage/', 'test-artifacts/', 'apps/web-console/dist/', 'openapi/']),

  // Plain JavaScript (build and stack scripts, test setup, infra helpers): no type information.
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
    rules: {
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },

  // TypeScript: the service code, libs, tests, benchmarks and the web console (its own tsconfig).
  {
    files: ['**/*.{ts,tsx,mts,cts}'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Bugs: a promise nobody awaits loses its rejection; a promise where void is expected is never awaited.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false }],
      // An async function without await is harmless (and turns a throw into a rejection): style, not a bug.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },

  // Tests and benchmarks read JSON answers of the services (`res.body`, `await r.json()`) as `any` on
  // purpose: the assertion that follows is the check. The promise and switch rules stay on.
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', '**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },

  // Type declarations for the .mjs helpers (no program of their own: checked through their importers).
  {
    files: ['**/*.d.mts', '**/*.d.ts'],
    extends: [tseslint.configs.disableTypeChecked],
  },

  prettier,
);

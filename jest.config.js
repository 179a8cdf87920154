// ESM jest (Nest 12 is ESM-only): run with `node --experimental-vm-modules`, see toolchain notes.
import { swcOptions as swc } from './scripts/swc-options.mjs';

export default {
  rootDir: '.',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  moduleNameMapper: {
    '^@cix/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testMatch: ['<rootDir>/apps/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts', '<rootDir>/test/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/apps/web-console/'],
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  testTimeout: 60000,
  // Safety net: a client left reconnecting by a failed test must not hang CI after the run. Leaks
  // are still bugs (NatsConnectionManager.stop closes even a connection made while stopping).
  forceExit: true,
};

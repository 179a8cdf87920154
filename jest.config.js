// ESM jest (Nest 12 is ESM-only): run with `node --experimental-vm-modules`, see toolchain notes.
import { swcOptions as swc } from './scripts/swc-options.mjs';

const shared = {
  rootDir: '.',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  moduleNameMapper: {
    '^@cix/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/apps/web-console/'],
};

export default {
  // Suites run in parallel: each end-to-end suite has its own databases and nats-server (see
  // test/support). Two workers suit a 2-core CI machine (measured: README "Development").
  maxWorkers: 2,
  testTimeout: 60000,
  // Safety net: a client left reconnecting by a failed test must not hang CI after the run. Leaks
  // are still bugs (NatsConnectionManager.stop closes even a connection made while stopping).
  forceExit: true,
  projects: [
    // `npm run test:unit`: pure logic, no PostgreSQL or NATS started.
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/apps/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'] },
    // `npm run test:e2e`: the global setup starts the one test PostgreSQL only when these run.
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.mjs',
      globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
    },
    // `npm run test:faults` (issue 15): real processes killed and restarted; not part of `npm test`,
    // `.ci/run` runs it after. One suite at a time: the cases measure recovery, not throughput.
    {
      ...shared,
      displayName: 'faults',
      testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.mjs',
      globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
    },
  ],
};

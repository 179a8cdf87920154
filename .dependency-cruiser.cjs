// Layer rules of the monorepo (issue 14), checked by `npm run lint:layers`, part of `npm test`.
// Deployable apps are leaves of the graph: they share code only through libs.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-app-to-app',
      comment: 'An app never imports another app: what two apps share belongs in a lib.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/([^/]+)/', pathNot: '^apps/$1/' },
    },
    {
      name: 'no-lib-to-app',
      comment: 'Libraries never depend on an app.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'contracts-is-a-leaf',
      comment: 'Events, DTOs and subjects are shared by everyone, so they depend on no other part of the repository.',
      severity: 'error',
      from: { path: '^libs/contracts/' },
      to: { path: '^(libs/(?!contracts/)|apps/|test/|bench/)' },
    },
    {
      name: 'access-control-stays-pure',
      comment: 'Access decisions are pure functions of principal and sharing facts: no database, bus, framework or I/O.',
      severity: 'error',
      from: { path: '^libs/access-control/' },
      // Only the contracts (the principal, sharing facts): @cix/auth's barrel alone would load Nest, jose and the file system.
      to: {
        path: '(^(libs/(?!contracts/|access-control/)|apps/)|(^|/)node_modules/(typeorm|pg|@nats-io|@nestjs|rxjs|jose)/)',
      },
    },
    {
      name: 'access-control-no-io-builtins',
      severity: 'error',
      from: { path: '^libs/access-control/' },
      to: { dependencyTypes: ['core'], path: '^(fs|net|http|https|child_process|dgram|node:fs|node:net|node:http|node:https|node:child_process)$' },
    },
    {
      name: 'correlation-stays-pure',
      comment: 'Matching is pure functions of values: it may read the contracts, nothing else of the repository, no framework and no I/O.',
      severity: 'error',
      from: { path: '^libs/correlation/', pathNot: '\\.spec\\.ts$' },
      to: {
        path: '(^(libs/(?!contracts/|correlation/)|apps/)|(^|/)node_modules/(typeorm|pg|@nats-io|@nestjs|rxjs|jose)/|^(node:)?(fs|net|http|https|child_process|dgram)$)',
      },
    },
    {
      name: 'no-production-to-test',
      comment: 'Shipped code never imports test support.',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // node_modules stays in the graph (not followed) so the purity rules can see what a lib imports from npm.
    exclude: { path: '(^|/)(dist|apps/web-console)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.mjs'] },
  },
};

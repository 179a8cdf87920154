// The one swc configuration: the build (scripts/build.mjs) and jest (jest.config.js) share it.
// Legacy decorators with metadata are what Nest's dependency injection needs.
export const swcOptions = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'es6' },
};

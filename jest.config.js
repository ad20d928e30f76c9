// One jest run covers the workspace: `*.test.ts` are pure, `*.int.test.ts` talk to
// real PostgreSQL and Redis (see tools/test-services.mjs, started by `pnpm test`).
const transform = {
  '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2023' } }],
  // ESM-only dependencies (below) are compiled to CommonJS for jest's module loader.
  '^.+\\.m?js$': ['@swc/jest', { jsc: { target: 'es2023' }, module: { type: 'commonjs' } }],
};
// Node (20.19+, and the 24 the suite runs on) loads these ESM-only packages through require(esm);
// jest's loader does so only on Node 24.9+ under --experimental-vm-modules (its vm.SourceTextModule
// path), which the suite does not use, so they are compiled instead:
// cookie 2 (light-my-request, behind app.inject), content-disposition 3 (@fastify/static,
// behind Bull Board), and, behind ml-regression, is-any-array 3, ml-array-{max,min,rescale} 2 and
// ml-kernel-{polynomial,sigmoid}. Everything else in node_modules is left untransformed.
const ESM_ONLY = [
  'cookie',
  'content-disposition',
  'is-any-array',
  'ml-array-max',
  'ml-array-min',
  'ml-array-rescale',
  'ml-kernel-polynomial',
  'ml-kernel-sigmoid',
];
const common = {
  transform,
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/packages', '<rootDir>/bench', '<rootDir>/infra'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  transformIgnorePatterns: [`^(?!.*/\\.pnpm/(${ESM_ONLY.join('|')})@).*/node_modules/`],
  // Test support is not declared by the packages that use it (it depends on them): see packages/testing.
  moduleNameMapper: { '^@marketfleet/testing$': '<rootDir>/packages/testing/src/index.ts' },
};

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 60_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['**/*.test.ts'], testPathIgnorePatterns: ['\\.int\\.test\\.ts$', '/node_modules/'] },
    {
      ...common,
      displayName: 'int',
      testMatch: ['**/*.int.test.ts'],
      globalSetup: '<rootDir>/packages/testing/src/jest-global-setup.ts',
    },
  ],
};

import tseslint from 'typescript-eslint';

// What each package may import: the layers of docs/architecture.md. Apps may import any package
// and never another app; only tests (and the test support package itself) import @marketfleet/testing.
const LAYERS = {
  market: [],
  ml: ['market'],
  db: ['market'],
  providers: ['market'],
  jobs: ['market', 'db', 'ml'],
  runtime: ['market', 'db', 'jobs'],
  ingest: ['market', 'db', 'jobs', 'runtime', 'providers'],
  forecasting: ['market', 'ml', 'db', 'jobs', 'runtime'],
  testing: ['market', 'ml', 'db', 'providers', 'jobs', 'runtime', 'ingest', 'forecasting'],
};
const APPS = ['api', 'cli', 'scheduler', 'worker-ingest', 'worker-ml'];
// Tests and what only tests use (an app's own test helpers under testing/ or test/).
const TESTS = ['**/*.test.ts', '**/*.fixture.ts', '**/testing/**', '**/test/**'];

const scoped = (names) => names.map((n) => `@marketfleet/${n}`);
const restrict = (forbidden, why) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        { group: forbidden.flatMap((n) => [n, `${n}/*`]), message: why },
        // A relative path out of the package or app into another one is the same import in disguise.
        { regex: '^(\\.\\./){2,}(apps|packages|api|cli|scheduler|worker-ingest|worker-ml|market|ml|db|providers|jobs|runtime|ingest|forecasting|testing)(/|$)', message: 'import another package or app by its name, not a relative path' },
      ],
    },
  ],
});

const forbiddenFor = (pkg) => [...Object.keys(LAYERS).filter((p) => p !== pkg && !LAYERS[pkg].includes(p)), ...APPS];
const layerMessage = (pkg) =>
  `packages/${pkg} may import only ${LAYERS[pkg].length ? LAYERS[pkg].join(', ') : 'no other package'} (see docs/architecture.md)`;
const APP_MESSAGE = 'an app imports packages, never another app (and test support only in tests)';

const boundaries = [
  ...Object.keys(LAYERS).flatMap((pkg) => [
    { files: [`packages/${pkg}/**/*.ts`], ignores: TESTS, rules: restrict(scoped(forbiddenFor(pkg)), layerMessage(pkg)) },
    // Tests may also use the test support package.
    {
      files: TESTS.map((t) => `packages/${pkg}/${t}`),
      rules: restrict(scoped(forbiddenFor(pkg).filter((p) => p !== 'testing')), layerMessage(pkg)),
    },
  ]),
  ...APPS.flatMap((app) => [
    { files: [`apps/${app}/**/*.ts`], ignores: TESTS, rules: restrict(scoped([...APPS.filter((a) => a !== app), 'testing']), APP_MESSAGE) },
    { files: TESTS.map((t) => `apps/${app}/${t}`), rules: restrict(scoped(APPS.filter((a) => a !== app)), APP_MESSAGE) },
  ]),
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.data/**', 'coverage/**', '**/drizzle.config.ts', '**/fixtures/*.py'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // A forgotten await in a worker loses errors and ordering silently.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Configuration is read once per app, in env.ts.
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration in the app env.ts and pass it in.' },
      ],
    },
  },
  ...boundaries,
  {
    files: ['**/env.ts', ...TESTS, 'bench/**', 'infra/**', 'tools/**', 'packages/testing/**', 'apps/cli/src/commands/start.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
);

import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.data/**', 'infra/**', 'coverage/**'] },
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
  {
    files: ['**/env.ts', '**/*.test.ts', 'bench/**', 'tools/**', '**/testing/**', 'apps/cli/src/commands/start.ts', 'packages/jobs/src/runtime/logger.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
);

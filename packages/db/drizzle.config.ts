import { defineConfig } from 'drizzle-kit';

// `drizzle-kit generate` writes reviewed SQL into migrations/, which is committed.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema/index.ts',
  out: './migrations',
  casing: 'snake_case',
});

#!/usr/bin/env node
// Bundles an app (run from its folder) into dist/main.js, and dist/<name>.thread.js for its worker
// threads: our workspace packages are compiled in, npm dependencies stay external and load from
// node_modules at run time.
import { readdirSync } from 'node:fs';
import { build } from 'esbuild';

const external = {
  name: 'npm-dependencies-external',
  setup(b) {
    // A workspace package's package.json is looked up at run time (e.g. to find db migrations).
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@marketfleet/') && !args.path.endsWith('/package.json')
        ? undefined
        : { path: args.path, external: true },
    );
  },
};

// Worker-thread entries (`src/*.thread.ts`) are bundled beside main.js: a thread loads its own file.
const threads = readdirSync('src').filter((f) => f.endsWith('.thread.ts')).map((f) => `src/${f}`);

await build({
  entryPoints: ['src/main.ts', ...threads],
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [external],
});

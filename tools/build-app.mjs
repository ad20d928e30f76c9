#!/usr/bin/env node
// Bundles an app (run from its folder) into dist/main.js: our workspace packages are
// compiled in, npm dependencies stay external and load from node_modules at run time.
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

await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/main.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [external],
});

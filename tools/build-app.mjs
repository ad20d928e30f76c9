#!/usr/bin/env node
// Bundles an app (run from its folder) into dist/main.js: our workspace packages are
// compiled in, npm dependencies stay external and load from node_modules at run time.
import { build } from 'esbuild';

const external = {
  name: 'npm-dependencies-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@marketfleet/') ? undefined : { path: args.path, external: true },
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

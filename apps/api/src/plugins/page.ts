import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

// `apps/api/public`, seen from src/plugins (tests, tsx) and from the bundle in dist/.
const PUBLIC_CANDIDATES = [join(__dirname, '..', '..', 'public'), join(__dirname, '..', 'public')];

function publicDir(): string {
  const found = PUBLIC_CANDIDATES.find((dir) => existsSync(join(dir, 'index.html')));
  if (!found) throw new Error(`the page's files were not found in ${PUBLIC_CANDIDATES.join(' or ')}`);
  return found;
}

/** The installed lightweight-charts' dist folder; its exports map exposes only package.json to require. */
function chartsDist(): string {
  return join(dirname(require.resolve('lightweight-charts/package.json')), 'dist');
}

const CHARTS_FILE = 'lightweight-charts.standalone.production.js';

/**
 * The chart page: `/` (index.html), the models page `/ml` (ml.html), `/assets/*` (public/) and
 * `/vendor/lightweight-charts.js` (the library's standalone build, served from node_modules so the
 * repo holds no copy). These
 * are public; the data they show comes from the keyed /v1 routes.
 */
export async function page(app: FastifyInstance): Promise<void> {
  const root = publicDir();
  const vendor = chartsDist();
  if (!existsSync(join(vendor, CHARTS_FILE))) throw new Error(`${CHARTS_FILE} is missing from ${vendor}`);

  await app.register(fastifyStatic, {
    root,
    prefix: '/assets/',
    index: false,
    // Asset names carry no version, so a short lifetime plus ETag revalidation picks up a deploy soon.
    maxAge: '5m',
  });
  // Always revalidated: it is what names the assets, and a deploy must be seen at once.
  app.get('/', (_req, reply) => reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false }));
  // The models page: live skill, calibration and weights from /v1/ml-dashboard.
  app.get('/ml', (_req, reply) => reply.header('cache-control', 'no-cache').sendFile('ml.html', { cacheControl: false }));
  // The version is pinned in package.json, so the file changes only with a dependency update.
  app.get('/vendor/lightweight-charts.js', (_req, reply) => reply.sendFile(CHARTS_FILE, vendor, { maxAge: '1d' }));
}

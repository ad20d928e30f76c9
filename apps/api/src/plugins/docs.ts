import fastifySwagger, { type SwaggerTransform } from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { accessFor } from './auth';

export const DOCS_PREFIX = '/docs';

const methodsOf = (m: string | string[]) => (Array.isArray(m) ? m : [m]);

/**
 * Route schemas (zod) become OpenAPI; a route without any schema is not part of the API
 * (the page's files, Bull Board) and is left out. Public routes say they need no key, and the
 * old app's `/functions/v1/*` paths are marked deprecated so new clients take `/v1/*`.
 */
const transform: SwaggerTransform = (doc) => {
  if (!doc.schema) return { schema: { hide: true }, url: doc.url };
  const out = jsonSchemaTransform(doc);
  const { route } = doc;
  const extra: Record<string, unknown> = {};
  if (methodsOf(route.method).every((m) => accessFor(m, doc.url, route.config ?? {}) === 'public')) extra.security = [];
  if (doc.url.startsWith('/functions/')) extra.deprecated = true;
  return { schema: { ...out.schema, ...extra }, url: out.url };
};

/**
 * OpenAPI at /docs/json (and /docs/yaml), Swagger UI at /docs. Registered before the routes:
 * it learns them from Fastify's onRoute hook, so a route registered earlier would be missing.
 */
export const docs = fp(
  async (app: FastifyInstance) => {
    await app.register(fastifySwagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Marketfleet API',
          version: '1',
          description:
            'Bars, freshness and data health for the watchlist. Errors are always {error, message}. ' +
            'Every route but the probes and /metrics needs an API key; app keys read, admin keys may do everything.',
        },
        components: {
          securitySchemes: {
            bearer: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer <key>' },
            apikey: { type: 'apiKey', in: 'header', name: 'apikey', description: "The old app's Supabase header" },
            xApiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
          },
        },
        // Any one of the three is enough.
        security: [{ bearer: [] }, { apikey: [] }, { xApiKey: [] }],
      },
      transform,
    });
    await app.register(fastifySwaggerUi, { routePrefix: DOCS_PREFIX });
  },
  { name: 'docs' },
);

import { z } from 'zod';
import { defineProvider } from '../definition';
import { createPolygonProvider, type PolygonProviderOptions } from './polygon-provider';

/** Polygon aggregates. */
export const polygonProvider = defineProvider({
  name: 'polygon',
  env: z.object({
    POLYGON_API_URL: z.string().url().default('https://api.polygon.io'),
    POLYGON_API_KEY: z.string().optional(),
  }),
  requiredEnv: ['POLYGON_API_KEY'],
  requiredOptions: ['apiUrl', 'apiKey'],
  requestsPerMinute: 5,
  options: (env): PolygonProviderOptions => ({ apiUrl: env.POLYGON_API_URL, apiKey: env.POLYGON_API_KEY! }),
  bars: (o) => createPolygonProvider(o),
});

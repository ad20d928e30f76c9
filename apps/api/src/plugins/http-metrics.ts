import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, Histogram, register } from 'prom-client';

// prom-client's registry is process-wide and refuses a second metric of the same name, while
// tests build several apps in one process: reuse the metric when it already exists.
function singleton<T>(name: string, make: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? make();
}

const LABELS = ['method', 'route', 'status_code'] as const;

const requests = singleton(
  'marketfleet_http_requests_total',
  () =>
    new Counter({
      name: 'marketfleet_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status code.',
      labelNames: LABELS,
    }),
);

const duration = singleton(
  'marketfleet_http_request_duration_seconds',
  () =>
    new Histogram({
      name: 'marketfleet_http_request_duration_seconds',
      help: 'Time from receiving a request to sending its response.',
      labelNames: LABELS,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    }),
);

/**
 * Counts every response by its route pattern. The raw URL would put tickers and dates into
 * label values and grow the series without bound, so unmatched requests share the label '404'.
 */
export const httpMetrics = fp(
  async (app: FastifyInstance) => {
    // A callback hook, not a promise: no microtask on every request.
    app.addHook('onResponse', (req, reply, done) => {
      const labels = {
        method: req.method,
        route: req.routeOptions.url ?? '404',
        status_code: String(reply.statusCode),
      };
      requests.inc(labels);
      duration.observe(labels, reply.elapsedTime / 1000);
      done();
    });
  },
  { name: 'http-metrics' },
);

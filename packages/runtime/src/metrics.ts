import { createServer, type Server } from 'node:http';
import { collectDefaultMetrics, Counter, Histogram, register } from 'prom-client';

let defaultsCollected = false;

/** Process metrics (CPU, memory, event loop) once per process. */
export function collectProcessMetrics(): void {
  if (defaultsCollected) return;
  defaultsCollected = true;
  collectDefaultMetrics();
}

function singleton<T>(name: string, make: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? make();
}

export const jobsTotal = singleton(
  'marketfleet_jobs_total',
  () =>
    new Counter({
      name: 'marketfleet_jobs_total',
      help: 'Jobs processed, by queue, job name and outcome (success, skipped, retry, failed). Not `job`: Prometheus keeps that label for the scrape target.',
      labelNames: ['queue', 'job_name', 'outcome'] as const,
    }),
);

export const jobDuration = singleton(
  'marketfleet_job_duration_seconds',
  () =>
    new Histogram({
      name: 'marketfleet_job_duration_seconds',
      help: 'Time a worker spent on one job attempt.',
      labelNames: ['queue', 'job_name'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    }),
);

/** A bare /metrics endpoint for processes that have no HTTP server of their own. */
export function startMetricsServer(port: number, host = '0.0.0.0'): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url === '/metrics') {
      register
        .metrics()
        .then((body) => {
          res.writeHead(200, { 'content-type': register.contentType });
          res.end(body);
        })
        .catch((err: Error) => {
          res.writeHead(500);
          res.end(err.message);
        });
    } else if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"status":"ok"}');
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

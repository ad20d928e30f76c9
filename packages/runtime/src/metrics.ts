import { createServer, type Server } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, register } from 'prom-client';

let defaultsCollected = false;

/** Process metrics (CPU, memory, event loop) once per process. */
export function collectProcessMetrics(): void {
  if (defaultsCollected) return;
  defaultsCollected = true;
  collectDefaultMetrics();
}

// Registered once per process however often a module is loaded (tests load some twice).
function singleton<T>(name: string, make: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? make();
}

/** The process's counter of that name, made on first use. */
export function counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
  return singleton(name, () => new Counter({ name, help, labelNames }));
}

export function histogram<L extends string>(name: string, help: string, labelNames: readonly L[], buckets: number[]): Histogram<L> {
  return singleton(name, () => new Histogram({ name, help, labelNames, buckets }));
}

export function gauge<L extends string>(name: string, help: string, labelNames: readonly L[]): Gauge<L> {
  return singleton(name, () => new Gauge({ name, help, labelNames }));
}

export const jobsTotal = counter(
  'marketfleet_jobs_total',
  'Jobs processed, by queue, job name and outcome (success, skipped, retry, failed). Not `job`: Prometheus keeps that label for the scrape target.',
  ['queue', 'job_name', 'outcome'],
);

export const jobDuration = histogram('marketfleet_job_duration_seconds', 'Time a worker spent on one job attempt.', ['queue', 'job_name'], [
  0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120,
]);

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

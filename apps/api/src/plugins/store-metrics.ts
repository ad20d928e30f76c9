import { ALERT_SEVERITIES, countOpenAlerts, countOpenFindings, FINDING_KINDS, type Database } from '@marketfleet/db';
import { TIMEFRAMES } from '@marketfleet/market';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Gauge, register } from 'prom-client';
import type { AppQueue } from '../queues';
import { withTimeout } from '../with-timeout';
import { collectProcessMetrics } from '@marketfleet/runtime';

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'] as const;
const FETCH_STATUSES = ['ok', 'empty', 'rejected', 'error'] as const;
const TABLE_TTL_MS = 60_000;
const SCRAPE_TIMEOUT_MS = 2_000;

export interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** What one app instance contributes to a scrape; the gauges below are shared by the process. */
interface StoreSource {
  queueJobs(): Promise<Sample[]>;
  barsStored(): Promise<Sample[]>;
  fetches24h(): Promise<Sample[]>;
  findingsOpen(): Promise<Sample[]>;
  alertsOpen(): Promise<Sample[]>;
}

const sources = new Set<StoreSource>();

/**
 * A process-wide gauge summing what every registered source reports, read at scrape time, so the
 * numbers are never older than the scrape (or the source's cache). Registered once per process.
 */
export function sourcedGauge<S>(sourcesOf: ReadonlySet<S>, name: string, help: string, labelNames: string[], read: (s: S) => Promise<Sample[]>) {
  const existing = register.getSingleMetric(name);
  if (existing) return existing;
  return new Gauge({
    name,
    help,
    labelNames,
    async collect() {
      const samples = (await Promise.all([...sourcesOf].map(read))).flat();
      this.reset();
      for (const s of samples) this.set(s.labels, s.value);
    },
  });
}

const singleton = (name: string, help: string, labelNames: string[], read: (s: StoreSource) => Promise<Sample[]>) =>
  sourcedGauge(sources, name, help, labelNames, read);

singleton('marketfleet_queue_jobs', 'Jobs in each queue by state.', ['queue', 'state'], (s) => s.queueJobs());
singleton('marketfleet_bars_stored', 'Bars stored per timeframe (refreshed at most once a minute).', ['timeframe'], (s) =>
  s.barsStored(),
);
singleton(
  'marketfleet_fetches_24h',
  'Provider fetches recorded in the fetch ledger over the last 24 hours, by provider and outcome.',
  ['provider', 'status'],
  (s) => s.fetches24h(),
);
singleton('marketfleet_quality_findings_open', 'Open data-quality findings by kind.', ['kind'], (s) => s.findingsOpen());
singleton('marketfleet_alerts_open', 'Open alerts by severity.', ['severity'], (s) => s.alertsOpen());

/**
 * Full-table counts are too heavy for every 15 s scrape: keep the last answer for a minute and
 * share one query between concurrent scrapes. A failed refresh keeps serving the last answer.
 */
export function cached(read: () => Promise<Sample[]>, log: FastifyBaseLogger, what: string): () => Promise<Sample[]> {
  let value: Sample[] = [];
  let readAt = Number.NEGATIVE_INFINITY;
  let inflight: Promise<Sample[]> | null = null;
  return () => {
    if (performance.now() - readAt < TABLE_TTL_MS) return Promise.resolve(value);
    inflight ??= withTimeout(read, SCRAPE_TIMEOUT_MS, what)
      .then((v) => {
        value = v;
        readAt = performance.now();
        return v;
      })
      .catch((err: unknown) => {
        log.warn({ err }, `metrics: ${what} failed`);
        return value;
      })
      .finally(() => {
        inflight = null;
      });
    return inflight;
  };
}

/** Every known label value gets a sample, so an alert rule on `> 0` sees 0 rather than no series. */
export function withZeros(label: string, known: readonly string[], counts: ReadonlyMap<string, number>): Sample[] {
  return [...new Set([...known, ...counts.keys()])].map((v) => ({ labels: { [label]: v }, value: counts.get(v) ?? 0 }));
}

function storeSource(database: Database, queues: readonly AppQueue[], log: FastifyBaseLogger): StoreSource {
  const { sql } = database;
  return {
    async queueJobs() {
      const perQueue = await Promise.all(
        queues.map(async (q) => {
          try {
            const counts = await withTimeout(() => q.getJobCounts(...QUEUE_STATES), SCRAPE_TIMEOUT_MS, `${q.name} counts`);
            return QUEUE_STATES.map((state) => ({ labels: { queue: q.name, state }, value: counts[state] ?? 0 }));
          } catch (err) {
            // One unreachable queue must not blank the whole scrape; the gap itself is the signal.
            log.warn({ err, queue: q.name }, 'metrics: queue counts failed');
            return [];
          }
        }),
      );
      return perQueue.flat();
    },
    barsStored: cached(
      async () => {
        const rows = await sql<{ timeframe: string; n: number }[]>`
          select timeframe::text as timeframe, count(*)::float8 as n from bars group by timeframe`;
        const byTf = new Map(rows.map((r) => [r.timeframe, Number(r.n)]));
        return TIMEFRAMES.map((tf) => ({ labels: { timeframe: tf }, value: byTf.get(tf) ?? 0 }));
      },
      log,
      'bars count',
    ),
    fetches24h: cached(
      async () => {
        const rows = await sql<{ provider: string; status: string; n: number }[]>`
          select provider, status, count(*)::float8 as n from fetch_ledger
          where finished_at > now() - interval '24 hours' group by provider, status`;
        // Every provider seen gets all four outcomes, so a rate over them never divides by a missing series.
        const samples = new Map<string, Sample>();
        for (const provider of new Set(rows.map((r) => r.provider))) {
          for (const status of FETCH_STATUSES) samples.set(`${provider}|${status}`, { labels: { provider, status }, value: 0 });
        }
        for (const r of rows) samples.set(`${r.provider}|${r.status}`, { labels: { provider: r.provider, status: r.status }, value: Number(r.n) });
        return [...samples.values()];
      },
      log,
      'fetch ledger count',
    ),
    findingsOpen: cached(
      async () => withZeros('kind', FINDING_KINDS, await countOpenFindings(database.db)),
      log,
      'open findings count',
    ),
    alertsOpen: cached(
      async () => withZeros('severity', ALERT_SEVERITIES, await countOpenAlerts(database.db)),
      log,
      'open alerts count',
    ),
  };
}

/** Process metrics, plus queue depth and table counts read at scrape time. */
export const storeMetrics = fp<{ database: Database; queues: readonly AppQueue[] }>(
  async (app: FastifyInstance, { database, queues }) => {
    collectProcessMetrics();
    const source = storeSource(database, queues, app.log);
    sources.add(source);
    app.addHook('onClose', async () => {
      sources.delete(source);
    });
  },
  { name: 'store-metrics' },
);

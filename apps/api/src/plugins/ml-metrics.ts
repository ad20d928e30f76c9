import { driftCounts, forecastRunStates, listWatchlist, performanceByModel, type Database } from '@marketfleet/db';
import type { MarketClock, Timeframe } from '@marketfleet/market';
import { emptySums, HORIZONS, SKILL_COLLAPSE, skillCollapse } from '@marketfleet/ml';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ENSEMBLE } from '../domain/ml-dashboard';
import { forecastFreshness, MODEL_TIMEFRAMES, sessionWindow } from '../domain/ml-window';
import { cached, sourcedGauge, withZeros, type Sample } from './store-metrics';

/** The live figures' window, in sessions: the skill-collapse rule's own. */
export const LIVE_WINDOW_SESSIONS = SKILL_COLLAPSE.windowSessions;

interface MlSource {
  liveHitRate(): Promise<Sample[]>;
  liveEvaluations(): Promise<Sample[]>;
  hitRateBelowBase(): Promise<Sample[]>;
  bandCoverage(): Promise<Sample[]>;
  driftedSeries(): Promise<Sample[]>;
  staleForecasts(): Promise<Sample[]>;
}

const sources = new Set<MlSource>();

const gauge = (name: string, help: string, labelNames: string[], read: (s: MlSource) => Promise<Sample[]>) => sourcedGauge(sources, name, help, labelNames, read);

gauge(
  'marketfleet_ml_live_hit_rate',
  `The ensemble's direction hit rate over the last ${LIVE_WINDOW_SESSIONS} sessions' evaluated forecasts, per horizon (absent without evaluations).`,
  ['horizon'],
  (s) => s.liveHitRate(),
);
gauge(
  'marketfleet_ml_live_evaluations',
  `Forecasts evaluated over the last ${LIVE_WINDOW_SESSIONS} sessions, per horizon: the sample behind the hit rate and coverage.`,
  ['horizon'],
  (s) => s.liveEvaluations(),
);
gauge(
  'marketfleet_ml_hit_rate_below_base',
  `1 when the ensemble's live hit rate's 95 % interval lies entirely below the base rate over the last ${LIVE_WINDOW_SESSIONS} sessions (at least ${SKILL_COLLAPSE.minSamples} evaluations), per horizon: the skill-collapse rule.`,
  ['horizon'],
  (s) => s.hitRateBelowBase(),
);
gauge(
  'marketfleet_ml_band_coverage',
  `Share of realised closes inside the ensemble's 80 % and 95 % bands over the last ${LIVE_WINDOW_SESSIONS} sessions, per horizon (absent without evaluations).`,
  ['horizon', 'level'],
  (s) => s.bandCoverage(),
);
gauge('marketfleet_ml_drifted_series', 'Series whose latest feature drift check found drift, per timeframe.', ['timeframe'], (s) => s.driftedSeries());
gauge(
  'marketfleet_ml_stale_forecasts',
  'Watchlist symbol × horizon forecasts that are missing or made from bars older than the SLA, per timeframe.',
  ['timeframe'],
  (s) => s.staleForecasts(),
);

export interface MlMetricsOptions {
  database: Database;
  clock: MarketClock;
  slaMinutes: Record<Timeframe, number>;
  now?: () => Date;
}

function mlSource({ database, clock, slaMinutes, now = () => new Date() }: MlMetricsOptions, log: FastifyBaseLogger): MlSource {
  const { db } = database;
  // One read of the window's sums serves the three performance gauges of a scrape.
  const live = cached(
    async () => {
      const win = sessionWindow(clock, now(), LIVE_WINDOW_SESSIONS);
      const rows = (await performanceByModel(db, { from: win.from, to: win.to, symbolId: 0 })).filter((r) => r.model === ENSEMBLE);
      return HORIZONS.flatMap((horizon) => {
        const r = rows.find((x) => x.horizon === horizon);
        const n = r?.n ?? 0;
        const check = skillCollapse({ ...emptySums(), ...r });
        const out: Sample[] = [
          { labels: { metric: 'n', horizon }, value: n },
          { labels: { metric: 'below', horizon }, value: check.hitRateBelowBase ? 1 : 0 },
        ];
        if (r && n > 0) {
          out.push({ labels: { metric: 'hit', horizon }, value: r.hits / n });
          out.push({ labels: { metric: 'cov', horizon, level: '80' }, value: r.in80 / n });
          out.push({ labels: { metric: 'cov', horizon, level: '95' }, value: r.in95 / n });
        }
        return out;
      });
    },
    log,
    'ml live performance',
  );
  const pick = async (metric: string) =>
    (await live()).filter((s) => s.labels.metric === metric).map(({ labels: { metric: _m, ...labels }, value }) => ({ labels, value }));
  return {
    liveHitRate: () => pick('hit'),
    liveEvaluations: () => pick('n'),
    hitRateBelowBase: () => pick('below'),
    bandCoverage: () => pick('cov'),
    driftedSeries: cached(
      async () => {
        const counts = new Map<string, number>();
        for (const c of await driftCounts(db, null)) counts.set(c.timeframe, (counts.get(c.timeframe) ?? 0) + c.drifted);
        return withZeros('timeframe', MODEL_TIMEFRAMES, counts);
      },
      log,
      'ml drift count',
    ),
    staleForecasts: cached(
      async () => {
        const ids = (await listWatchlist(db)).map((s) => s.id);
        const runs = await forecastRunStates(db, ids);
        const counts = new Map<string, number>();
        for (const f of forecastFreshness({ symbolIds: ids, horizons: HORIZONS, runs, clock, slaMinutes, now: now() })) {
          counts.set(f.timeframe, (counts.get(f.timeframe) ?? 0) + f.stale);
        }
        return withZeros('timeframe', MODEL_TIMEFRAMES, counts);
      },
      log,
      'ml stale forecasts',
    ),
  };
}

/** The learning loop's health as gauges: live skill and coverage per horizon, drift and stale forecasts per timeframe. */
export const mlMetrics = fp<MlMetricsOptions>(
  async (app: FastifyInstance, opts) => {
    const source = mlSource(opts, app.log);
    sources.add(source);
    app.addHook('onClose', async () => {
      sources.delete(source);
    });
  },
  { name: 'ml-metrics' },
);

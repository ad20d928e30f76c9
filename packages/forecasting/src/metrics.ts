import { counter, histogram } from '@marketfleet/runtime';

/** No per-symbol label: a watchlist of thousands would be thousands of series. */
export const forecastsTotal = counter('marketfleet_forecasts_total', 'Forecast attempts by horizon and outcome (ok, skipped).', ['horizon', 'outcome']);
export const forecastSkips = counter('marketfleet_forecast_skips_total', 'Forecasts not made, by horizon and reason kind.', ['horizon', 'reason']);
export const forecastSeconds = histogram(
  'marketfleet_forecast_duration_seconds',
  'Time to forecast one symbol and timeframe (read, fit and store), by timeframe.',
  ['timeframe'],
  [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
);
export const calibrationSeconds = histogram(
  'marketfleet_forecast_calibration_duration_seconds',
  'Time of one walk-forward calibration of a symbol and horizon.',
  ['horizon'],
  [0.1, 0.5, 1, 2.5, 5, 10, 30, 60],
);

/** "stale bars: …" → "stale bars": a label keeps only the kind. */
export const reasonKind = (reason: string) => reason.split(':')[0]!.trim().slice(0, 40);

export const optionRankSeconds = histogram(
  'marketfleet_options_rank_duration_seconds',
  'Time to rank one underlying’s chain (read, score, store), by trigger (scrape, nightly, user).',
  ['trigger'],
  [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
);
export const optionContractsRanked = counter('marketfleet_options_contracts_ranked_total', 'Option contracts scored by rankings, by trigger.', ['trigger']);

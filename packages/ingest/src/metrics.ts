import type { ResponseInfo } from '@marketfleet/providers';
import { counter, gauge } from '@marketfleet/runtime';

export const barsWritten = counter('marketfleet_bars_written_total', 'Bars inserted or changed in the database.', ['timeframe', 'provider']);
export const barsQuarantined = counter('marketfleet_bars_quarantined_total', 'Provider bars refused by validation.', ['provider', 'reason']);
export const quotaWaitSeconds = counter(
  'marketfleet_provider_quota_wait_seconds_total',
  'Time requests waited for a slot of the fleet-wide provider quota.',
  ['provider'],
);
export const providerRequests = counter('marketfleet_provider_requests_total', 'HTTP requests to providers, by status.', ['provider', 'status']);

export function countProviderResponse(info: ResponseInfo): void {
  providerRequests.inc({ provider: info.provider, status: String(info.status) });
}

/** Quarantine reasons carry details (values); the label keeps only the kind. */
export const reasonKind = (reason: string) => reason.split(/[:(]/)[0]!.trim().slice(0, 40);

export const optionContractsScraped = counter(
  'marketfleet_options_contracts_scraped_total',
  'Option contracts received by scrapes, by provider and outcome (stored, quarantined).',
  ['provider', 'outcome'],
);
/** By underlying group (watchlist or other), never per symbol; age = time() minus the value. */
export const optionsOldestScrape = gauge(
  'marketfleet_options_oldest_scrape_timestamp_seconds',
  'When the least recently scraped underlying of the group was scraped (Unix seconds).',
  ['group'],
);
export const optionsOldestSnapshot = gauge(
  'marketfleet_options_oldest_snapshot_timestamp_seconds',
  'When the underlying of the group with the oldest nightly snapshot was snapshotted (Unix seconds).',
  ['group'],
);
/** From the market clock (holidays and early closes included), set at every options tick. */
export const marketSessionOpen = gauge('marketfleet_market_session_open', '1 while a regular session is open by the market calendar, else 0.', []);

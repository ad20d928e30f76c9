import type { ResponseInfo } from '@marketfleet/providers';
import { counter } from '@marketfleet/runtime';

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

// The data pipeline's use cases, shared by worker-ingest, the CLI and the api: bar ingestion,
// coverage and tracked backfills, data-quality checks and repairs, reference-data syncs.
export * from './backfill';
export * from './coverage/ensure';
export * from './coverage/measure';
export * from './coverage/missing-ranges';
export type { IngestDeps } from './deps';
export { ingestHandlers } from './handlers';
export { ingestBars, type IngestOutcome, type IngestRequest } from './ingest/ingest-bars';
export { countProviderResponse, quotaWaitSeconds } from './metrics';
export * from './planning/plan-backfill';
export { startIngestWorker, type IngestWorkerOptions } from './start';
export { optionsScrapePlan, CLOSE_SCRAPE_WINDOW_MS, type ScrapePlan } from './options/scrape-plan';
export { scrapeChain, type ScrapeOutcome, type ScrapeRequest } from './options/scrape-chain';
export { screenChain } from './options/screen-chain';
export { refreshOptionGauges } from './handlers/options';

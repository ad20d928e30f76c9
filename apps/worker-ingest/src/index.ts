export type { IngestDeps } from './deps';
export { ingestHandlers } from './handlers';
export { ingestBars, type IngestOutcome, type IngestRequest } from './ingest/ingest-bars';
export { countProviderResponse } from './metrics';
export { startIngestWorker } from './start';

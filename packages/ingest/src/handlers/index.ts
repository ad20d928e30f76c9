import type { INGEST_JOBS } from '@marketfleet/jobs';
import type { IngestDeps } from '../deps';
import { handleBackfillChunk } from './backfill-chunk';
import { handleCoverageSweep } from './coverage-sweep';
import { handleOptionsPartitions, handleOptionsScrape, handleOptionsSnapshot, handleOptionsTick } from './options';
import { handleQualityCheck } from './quality-check';
import { handleRepairGap } from './quality-repair-gap';
import { handleCalendarSync, handleCorporateActionsSync } from './reference-sync';
import { handleBarsDaily, handleBarsIntraday } from './scheduled-bars';
import type { HandlerMap } from '@marketfleet/runtime';

export function ingestHandlers(deps: IngestDeps): HandlerMap<typeof INGEST_JOBS> {
  return {
    'bars-intraday': handleBarsIntraday(deps),
    'bars-daily': handleBarsDaily(deps),
    'backfill-chunk': handleBackfillChunk(deps),
    'coverage-sweep': handleCoverageSweep(deps),
    'quality-check': handleQualityCheck(deps),
    'repair-gap': handleRepairGap(deps),
    'calendar-sync': handleCalendarSync(deps),
    'corporate-actions-sync': handleCorporateActionsSync(deps),
    'options-tick': handleOptionsTick(deps),
    'options-scrape': handleOptionsScrape(deps),
    'options-snapshot': handleOptionsSnapshot(deps),
    'options-partitions': handleOptionsPartitions(deps),
  };
}

import { migrateQueueSchema } from '@marketfleet/jobs';
import { prepareTemplate } from './database';

/** Migrates the template database every integration test file clones (jest's globalSetup). */
export default async function globalSetup(): Promise<void> {
  await prepareTemplate(migrateQueueSchema);
}

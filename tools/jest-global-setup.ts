import { prepareTemplate } from '../packages/db/src/testing';
import { migrateQueueSchema } from '../packages/jobs/src/backend';

/** Migrates the template database every integration test file clones. */
export default async function globalSetup(): Promise<void> {
  await prepareTemplate(migrateQueueSchema);
}

export type { Job, Queue, Worker } from 'bullmq';
export { UnrecoverableError } from 'bullmq';
// For apps that keep their own state next to the queues (the api's rate-limit counters).
export { Redis } from 'ioredis';
export * from './backend';
export * from './define-job';
export * from './definitions/ingest';
export * from './definitions/ml';
export * from './definitions/options';
export * from './definitions/quality';
export * from './definitions/reference';
export * from './definitions/schemas';
export * from './env';
export * from './producer';
export * from './queues';
export * from './reconcile';

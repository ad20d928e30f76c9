// How an app runs: start-up, the database guard, workers, metrics, shutdown, and the
// fleet's shared request quota kept where the queues are.
export * from './database-guard';
export * from './env';
export * from './logger';
export * from './metrics';
export * from './quota-store';
export * from './shutdown';
export * from './start';
export * from './worker';
export * from './thread-pool';

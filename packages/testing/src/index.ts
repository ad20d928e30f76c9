// Test support for every package and app: one home for test databases, fake provider servers,
// bar builders and helpers that run apps and services as real processes.
export * from './bars';
export * from './contracts';
export * from './database';
export * from './fakes/fakes';
export * from './ingest-harness';
export * from './processes';
export * from './services';
export * from './sandbox';
export * from './learning-rows';
export * from './sim-ingest-worker';

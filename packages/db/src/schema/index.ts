export * from './backfills';
export * from './bars';
export * from './jobs';
export * from './ledger';
export * from './quality';
export * from './symbols';
export * from './quota';
export * from './reference';

export * from './bars';
export * from './jobs';
export * from './ledger';
export * from './symbols';

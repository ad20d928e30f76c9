import type { ActionSyncTarget } from '@marketfleet/db';
import { planActionSyncs } from './action-sync-plan';

const TODAY = '2024-07-10';
const target = (t: Partial<ActionSyncTarget> & { ticker: string }): ActionSyncTarget => ({
  symbolId: 1, onWatchlist: true, firstBarTs: null, syncedFrom: null, syncedTo: null, ...t,
});

describe('planning corporate-action syncs over each symbol’s history', () => {
  test('a symbol never synced is asked from its history depth, or its oldest bar when that is older', () => {
    expect(planActionSyncs([
      target({ ticker: 'NEW' }),
      target({ ticker: 'OLD', firstBarTs: new Date('1999-03-01T14:30:00Z') }),
      target({ ticker: 'IMP', onWatchlist: false, firstBarTs: new Date('2020-01-02T14:30:00Z') }),
    ], TODAY, 3650)).toEqual([
      { symbols: ['OLD'], from: '1999-03-01', to: '2024-10-08' },
      { symbols: ['NEW'], from: '2014-07-13', to: '2024-10-08' },
      { symbols: ['IMP'], from: '2020-01-02', to: '2024-10-08' },
    ]);
  });

  test('a symbol synced over its whole history gets the daily window; one whose bars now reach further back is extended', () => {
    const synced = { syncedFrom: '2014-07-01', syncedTo: '2024-10-07' };
    expect(planActionSyncs([
      target({ ticker: 'DONE', ...synced, firstBarTs: new Date('2014-07-14T13:30:00Z') }),
      target({ ticker: 'MORE', ...synced, firstBarTs: new Date('2010-01-04T14:30:00Z') }),
    ], TODAY, 3650)).toEqual([
      { symbols: ['MORE'], from: '2010-01-04', to: '2024-10-08' },
      { symbols: ['DONE'], from: '2024-06-10', to: '2024-10-08' },
    ]);
  });

  test('a range that stops short of the last month is a hole: the symbol is asked again from its start', () => {
    expect(planActionSyncs([target({ ticker: 'GAP', syncedFrom: '2014-01-01', syncedTo: '2024-05-01' })], TODAY, 3650)).toEqual([
      { symbols: ['GAP'], from: '2014-07-13', to: '2024-10-08' },
    ]);
  });
});

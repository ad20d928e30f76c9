import { createTestDatabase, insertRows, performanceRow, type TestDatabase } from '@marketfleet/testing';
import { sql } from 'drizzle-orm';
import { ensureSymbols } from './symbols';
import { weightsInForce, ensembleBySymbol, ensembleBySymbolQuery, performanceByModel, reliabilitySums, weightHistory } from './ml-dashboard';

let t: TestDatabase;
let ids: Map<string, number>;
beforeAll(async () => {
  t = await createTestDatabase();
  ids = await ensureSymbols(t.database.db, ['AAA', 'BBB']);
  const a = ids.get('AAA')!;
  const b = ids.get('BBB')!;
  const days = ['2024-07-01', '2024-07-02', '2024-07-03'];
  await insertRows(t.database, 'model_performance', days.flatMap((day) => [
    performanceRow({ day, horizon: '1D', model: 'ensemble', symbolId: a, n: 2, hits: 2, ups: 1 }),
    performanceRow({ day, horizon: '1W', model: 'ensemble', symbolId: a, n: 1, hits: 0, ups: 1 }),
    performanceRow({ day, horizon: '1D', model: 'ensemble', symbolId: b, n: 2, hits: 1, ups: 2 }),
    performanceRow({ day, horizon: '1D', model: 'naive', symbolId: a, n: 2, hits: 0, ups: 1 }),
    performanceRow({ day, horizon: '1D', model: 'ensemble', symbolId: 0, n: 4, hits: 3, ups: 3 }),
  ]));
});
afterAll(() => t.drop());
const db = () => t.database.db;

describe('the ML dashboard reads', () => {
  test('per symbol: the ensemble only, the window bounds inclusive, the all-symbols rows left out', async () => {
    const all = await ensembleBySymbol(db(), { from: '2024-07-02', to: '2024-07-03' });
    expect(all.sort((x, y) => x.ticker.localeCompare(y.ticker)).map((r) => [r.ticker, r.n, r.hits, r.ups])).toEqual([['AAA', 6, 4, 4], ['BBB', 4, 2, 4]]);
    const oneDay = await ensembleBySymbol(db(), { from: '2024-07-01', to: '2024-07-03', horizon: '1D' });
    expect(oneDay.find((r) => r.ticker === 'AAA')).toMatchObject({ n: 6, hits: 6 });
  });

  test('the per-symbol sum is answered from the partial covering index, without the table', async () => {
    const plan = await db().transaction(async (tx) => {
      // Three rows would be read from the table however it is indexed; the question is whether the index fits the query.
      await tx.execute(sql`set local enable_seqscan = off`);
      return tx.execute<{ 'QUERY PLAN': string }>(sql`explain ${ensembleBySymbolQuery({ from: '2024-07-01', to: '2024-07-03' })}`);
    });
    expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/Index Only Scan using model_performance_ensemble_by_symbol/);
  });

  test('per horizon × model for all symbols, and the reliability bins summed', async () => {
    const rows = await performanceByModel(db(), { from: '2024-07-01', to: '2024-07-03', symbolId: 0 });
    expect(rows.map((r) => [r.horizon, r.model, r.n, r.hits])).toEqual([['1D', 'ensemble', 12, 9]]);
    const bins = await reliabilitySums(db(), { from: '2024-07-01', to: '2024-07-03', symbolId: 0, model: 'ensemble' });
    expect(bins).toHaveLength(10);
    expect(bins[4]).toEqual({ horizon: '1D', bin: 4, count: 12, sumP: expect.closeTo(5.4, 9), hits: 9 });
  });

  test('the weights in force at an instant, and the changes after one', async () => {
    await insertRows(t.database, 'model_weights', [
      { horizon: '1D', symbol_id: null, weights: { naive: 1 }, method: 'live-evidence', inputs: {}, effective_from: '2024-07-01T12:00:00Z' },
      { horizon: '1D', symbol_id: null, weights: { naive: 0.5, ar1: 0.5 }, method: 'live-evidence', inputs: {}, effective_from: '2024-07-02T12:00:00Z' },
      { horizon: '1D', symbol_id: ids.get('BBB'), weights: { ar1: 1 }, method: 'layer-grid', inputs: {}, effective_from: '2024-07-02T13:00:00Z' },
    ]);
    const at = (iso: string) => new Date(iso);
    expect((await weightsInForce(db(), { symbolId: null, at: at('2024-07-01T18:00:00Z') })).map((w) => w.weights)).toEqual([{ naive: 1 }]);
    expect((await weightsInForce(db(), { symbolId: ids.get('BBB')!, at: at('2024-07-03T00:00:00Z') })).map((w) => w.symbolId)).toEqual([ids.get('BBB'), null]);
    // Another symbol's own weights are not in this scope.
    expect(await weightsInForce(db(), { symbolId: ids.get('AAA')!, at: at('2024-07-03T00:00:00Z') })).toHaveLength(1);
    const changes = await weightHistory(db(), { symbolId: null, since: at('2024-07-01T12:00:00Z'), until: at('2024-07-03T00:00:00Z') });
    expect(changes.map((w) => w.effectiveFrom.toISOString())).toEqual(['2024-07-02T12:00:00.000Z']);
  });
});

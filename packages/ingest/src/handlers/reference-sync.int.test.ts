import { addToWatchlist, findSymbol, listCorporateActions, listFindings, listWatchlist, loadMarketClock, readAdjustedBars } from '@marketfleet/db';
import type { Job } from '@marketfleet/jobs';
import { addDays, marketClock } from '@marketfleet/market';
import { sql } from 'drizzle-orm';
import { type Harness, ingestHarness } from '@marketfleet/testing';
import { ingestBars } from '../ingest/ingest-bars';
import { ingestHandlers } from '.';
import { handleQualityCheck } from './quality-check';

// In the simulated market of seed 7, T25 splits 4:1 on 2021-09-02.
const SPLIT = { symbol: 'T25', exDate: '2021-09-02', ratio: 4 };

const job = (id: string) => ({ job: { id } as Job, log: undefined as never });

describe('calendar and corporate-action syncs', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await ingestHarness({
      // The provider closes for a day the rules keep open, and closes early on another.
      calendarOverrides: { '2024-07-09': null, '2024-07-10': { close: '13:00' } },
    });
  });
  afterAll(() => h.close());
  const db = () => h.t.database.db;

  test('the calendar sync stores the provider calendar, records each disagreement, and the clock prefers it', async () => {
    let reloaded = 0;
    const deps = { ...h.deps(new Date('2024-07-08T12:00:00Z')), reloadClock: async () => void reloaded++ };
    const out = await ingestHandlers(deps)['calendar-sync']({}, job('cal-1'));
    expect(out).toMatchObject({ provider: 'alpaca', detail: expect.stringMatching(/2 days differ from the rules/) });
    expect(reloaded).toBe(1);
    const clock = await loadMarketClock(db());
    expect(clock.session('2024-07-09')).toBeNull();
    expect(clock.session('2024-07-10')!.close.toISOString()).toBe('2024-07-10T17:00:00.000Z');
    expect(clock.session('2024-07-11')).toEqual(marketClock.session('2024-07-11'));
    const findings = await db().execute(sql`
      select session_date::text as d, detail from quality_findings where kind = 'calendar_mismatch' and resolved_at is null order by 1`);
    expect(findings.map((f) => f.d)).toEqual(['2024-07-09', '2024-07-10']);
  });

  test('the corporate-action sync stores the watchlist’s splits and dividends once; adjusted bars are continuous', async () => {
    const symbol = SPLIT.symbol;
    await addToWatchlist(db(), [symbol]);
    const deps = h.deps(new Date(`${SPLIT.exDate}T21:00:00Z`));
    const handlers = ingestHandlers(deps);
    const first = await handlers['corporate-actions-sync']({ symbols: [symbol], from: '2010-01-01', to: SPLIT.exDate }, job('ca-1'));
    expect(first).toMatchObject({ detail: expect.stringMatching(/[1-9]\d* new or changed/) });
    const again = await handlers['corporate-actions-sync']({ symbols: [symbol], from: '2010-01-01', to: SPLIT.exDate }, job('ca-2'));
    expect(again).toMatchObject({ detail: expect.stringMatching(/, 0 new or changed/) });
    const id = (await findSymbol(db(), symbol))!.id;
    const split = (await listCorporateActions(db(), id)).find((a) => a.exDate === SPLIT.exDate)!;
    expect(split).toMatchObject({ type: 'forward_split', ratio: SPLIT.ratio });
    expect((await listWatchlist(db())).map((s) => s.ticker)).toContain(symbol);

    // Raw bars jump by the split's ratio at the ex-date; split-adjusted ones do not.
    const from = marketClock.sessionsBetween(addDays(SPLIT.exDate, -130), SPLIT.exDate)[0]!.open;
    await ingestBars(deps, { symbols: [symbol], timeframes: ['d1'], from, to: marketClock.session(SPLIT.exDate)!.close });
    const raw = await readAdjustedBars(db(), { symbolId: id, timeframe: 'd1', adjustment: 'raw' });
    const adjusted = await readAdjustedBars(db(), { symbolId: id, timeframe: 'd1', adjustment: 'split' });
    const gap = (bars: typeof raw) => bars[bars.length - 2]!.close / bars[bars.length - 1]!.open;
    expect(gap(raw)).toBeGreaterThan(SPLIT.ratio * 0.8);
    expect(gap(adjusted)).toBeGreaterThan(0.8);
    expect(gap(adjusted)).toBeLessThan(1.25);
  });

  test('the quality check flags the raw split jump unless a stored action explains it', async () => {
    const deps = h.deps(new Date(`${SPLIT.exDate}T21:00:00Z`));
    const id = (await findSymbol(db(), SPLIT.symbol))!.id;
    const payload = { symbols: [SPLIT.symbol], timeframes: ['d1' as const], days: 2 };
    const openJumps = async () => (await listFindings(db(), { symbolId: id, kind: 'price_jump', limit: 10 })).map((f) => f.sessionDate);
    await handleQualityCheck(deps, { explain: () => false })(payload, job('q-unexplained'));
    expect(await openJumps()).toEqual([SPLIT.exDate]);
    await ingestHandlers(deps)['quality-check'](payload, job('q-explained'));
    expect(await openJumps()).toEqual([]);
  });
});

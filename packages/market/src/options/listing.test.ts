import { listContracts, listExpirations, nearestExpirations, strikeGrid, strikeSteps } from './listing';
import { formatOcc } from './occ';

describe('listExpirations', () => {
  it('lays out the week of Good Friday 2024: the weekly expires Thursday 2024-03-28', () => {
    expect(listExpirations('2024-03-25')).toEqual([
      { date: '2024-03-28', friday: '2024-03-29', kind: 'weekly' },
      { date: '2024-04-05', friday: '2024-04-05', kind: 'weekly' },
      { date: '2024-04-12', friday: '2024-04-12', kind: 'weekly' },
      { date: '2024-04-19', friday: '2024-04-19', kind: 'monthly' },
      { date: '2024-04-26', friday: '2024-04-26', kind: 'weekly' },
      { date: '2024-05-03', friday: '2024-05-03', kind: 'weekly' },
      { date: '2024-05-17', friday: '2024-05-17', kind: 'monthly' },
      { date: '2024-06-21', friday: '2024-06-21', kind: 'monthly' },
      { date: '2024-09-20', friday: '2024-09-20', kind: 'quarterly' },
      { date: '2024-12-20', friday: '2024-12-20', kind: 'quarterly' },
      { date: '2025-01-17', friday: '2025-01-17', kind: 'leaps' },
      { date: '2025-03-21', friday: '2025-03-21', kind: 'quarterly' },
      { date: '2026-01-16', friday: '2026-01-16', kind: 'leaps' },
    ]);
  });

  it('moves the June 2026 monthly off Juneteenth (Friday 2026-06-19) to Thursday', () => {
    const june = listExpirations('2026-06-15').find((e) => e.friday === '2026-06-19');
    expect(june).toEqual({ date: '2026-06-18', friday: '2026-06-19', kind: 'monthly' });
  });

  it('lists the same day’s expiration (0 DTE) and drops a moved one once its Thursday has passed', () => {
    expect(listExpirations('2024-03-28')[0]).toEqual({ date: '2024-03-28', friday: '2024-03-29', kind: 'weekly' });
    expect(listExpirations('2024-03-29')[0]!.date).toBe('2024-04-05');
    expect(listExpirations('2024-03-29').filter((e) => e.kind !== 'leaps' && e.kind !== 'quarterly')).toHaveLength(8);
  });

  it('labels a January within the monthly window monthly, and later ones LEAPS', () => {
    const dec = listExpirations('2024-12-02');
    expect(dec.find((e) => e.date === '2025-01-17')?.kind).toBe('monthly');
    expect(dec.find((e) => e.date === '2026-01-16')?.kind).toBe('leaps');
  });

  it('honours the counts and is ascending with unique dates', () => {
    const e = listExpirations('2025-07-07', { weeklies: 2, monthlies: 1, quarterlies: 0, leapsYears: 0 });
    expect(e.map((x) => `${x.date} ${x.kind}`)).toEqual(['2025-07-11 weekly', '2025-07-18 monthly']);
    const all = listExpirations('2025-07-07', { weeklies: 12, monthlies: 9, quarterlies: 8, leapsYears: 3 });
    const dates = all.map((x) => x.date);
    expect([...dates].sort()).toEqual(dates);
    expect(new Set(dates).size).toBe(dates.length);
  });

  it('nearestExpirations takes the first n', () => {
    expect(nearestExpirations('2024-03-25', 2).map((e) => e.date)).toEqual(['2024-03-28', '2024-04-05']);
    expect(nearestExpirations('2024-03-25', 100)).toHaveLength(13);
    expect(() => nearestExpirations('2024-03-25', -1)).toThrow(RangeError);
  });
});

describe('strikeGrid', () => {
  it.each([
    [10, 0.5, 0.5],
    [24.99, 0.5, 0.5],
    [25, 1, 1],
    [120, 2.5, 5],
    [200, 5, 10],
  ])('steps at spot %d are %d near, %d far', (spot, near, far) => {
    expect(strikeSteps(spot)).toEqual({ near, far });
  });

  it('uses 2.5 within ±10 % and 5 beyond for a $100 stock', () => {
    expect(strikeGrid(100, { range: 0.2 })).toEqual([80, 85, 90, 92.5, 95, 97.5, 100, 102.5, 105, 107.5, 110, 115, 120]);
  });

  it('thins to 10 beyond ±10 % for a $430 stock', () => {
    const g = strikeGrid(430, { range: 0.15 });
    expect(g.filter((k) => k < 387)).toEqual([370, 380]);
    expect(g.filter((k) => k >= 387 && k <= 473)).toEqual(Array.from({ length: 17 }, (_, i) => 390 + 5 * i));
    expect(g.filter((k) => k > 473)).toEqual([480, 490]);
  });

  it('always brackets spot, even with a tiny range', () => {
    expect(strikeGrid(101.3, { range: 0.001 })).toEqual([100, 102.5]);
    expect(strikeGrid(0.3, { range: 0.01 })).toEqual([0.5]);
  });

  it('is deterministic and free of floating-point drift', () => {
    const g = strikeGrid(12.37, { range: 0.5 });
    expect(g).toEqual(strikeGrid(12.37, { range: 0.5 }));
    for (const k of g) expect(Math.round(k * 1000) % 500).toBe(0);
    expect(() => strikeGrid(-1)).toThrow(RangeError);
    expect(() => strikeGrid(10, { range: 0 })).toThrow(RangeError);
  });
});

describe('listContracts', () => {
  it('crosses expirations, strikes and both sides into valid OCC contracts', () => {
    const c = listContracts('SPY', '2024-03-25', 520, { weeklies: 1, monthlies: 0, quarterlies: 0, leapsYears: 0, range: 0.02 });
    expect(c.map((x) => formatOcc(x))).toEqual(
      [510, 515, 520, 525, 530].flatMap((k) => [`SPY240328C00${k}000`, `SPY240328P00${k}000`]),
    );
  });
});

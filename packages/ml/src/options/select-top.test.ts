import { loadFixture } from './golden-fixtures';
import { selectTopByDte } from './select-top';

const row = (symbol: string, dte: number, composite: number) => ({
  symbol,
  expiry: new Date(Date.parse('2024-03-04') + dte * 86_400_000).toISOString().slice(0, 10),
  composite,
});

describe('selectTopByDte', () => {
  it('caps each DTE bucket at its quota before filling by composite', () => {
    // Ten excellent 0-DTE contracts, but the < 7 bucket takes 5; the fill then prefers them again.
    const rows = [
      ...Array.from({ length: 10 }, (_, i) => row(`W${i}`, 0, 99 - i)),
      ...Array.from({ length: 3 }, (_, i) => row(`M${i}`, 20, 50 - i)),
      row('Q', 45, 10),
      row('L', 400, 5),
    ];
    const top = selectTopByDte(rows, { asOf: '2024-03-04', total: 9 });
    // Quotas pick W0–W4, M0–M2, Q, L (10 rows) and the composite order keeps the first 9.
    expect(top.map((r) => r.symbol)).toEqual(['W0', 'W1', 'W2', 'W3', 'W4', 'M0', 'M1', 'M2', 'Q']);
    const wide = selectTopByDte(rows, { asOf: '2024-03-04', total: 12 });
    expect(wide.map((r) => r.symbol)).toEqual(['W0', 'W1', 'W2', 'W3', 'W4', 'W5', 'W6', 'M0', 'M1', 'M2', 'Q', 'L']);
  });

  it('puts 7, 30 and 60 days in the upper bucket', () => {
    const rows = [row('a', 6, 1), row('b', 7, 2), row('c', 30, 3), row('d', 60, 4)];
    const quotas = [
      { minDte: -Infinity, maxDte: 7, take: 1 },
      { minDte: 7, maxDte: 30, take: 0 },
      { minDte: 30, maxDte: 60, take: 0 },
      { minDte: 60, maxDte: Infinity, take: 0 },
    ];
    expect(selectTopByDte(rows, { asOf: '2024-03-04', total: 1, quotas }).map((r) => r.symbol)).toEqual(['a']);
  });

  it('matches the Python reference', () => {
    const f = loadFixture<{ asOf: string; rows: { symbol: string; expiry: string; composite: number }[]; selection: { top100: string[]; top10: string[] } }>(
      'options-tilt-select.json',
    );
    expect(selectTopByDte(f.rows, { asOf: f.asOf }).map((r) => r.symbol)).toEqual(f.selection.top100);
    expect(selectTopByDte(f.rows, { asOf: f.asOf, total: 10 }).map((r) => r.symbol)).toEqual(f.selection.top10);
  });
});

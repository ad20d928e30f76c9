import { validateBar, type Bar } from './bar';

const good: Bar = {
  ts: new Date('2024-07-01T13:30:00Z'),
  open: 100,
  high: 101,
  low: 99,
  close: 100.5,
  volume: 1000,
  vwap: 100.2,
  tradeCount: 12,
};

describe('validateBar', () => {
  it('accepts a sound bar, and one without vwap/tradeCount', () => {
    expect(validateBar(good)).toBeNull();
    expect(validateBar({ ...good, vwap: null, tradeCount: null })).toBeNull();
    expect(validateBar({ ...good, volume: 0 })).toBeNull();
    expect(validateBar({ ...good, open: 101, high: 101, low: 101, close: 101, vwap: 101 })).toBeNull();
  });

  it('tolerates a vwap somewhat outside [low, high] (trades that set no high or low)', () => {
    expect(validateBar({ ...good, vwap: 101.5 })).toBeNull();
    expect(validateBar({ ...good, vwap: 98 })).toBeNull();
  });

  const cases: [string, Partial<Record<keyof Bar, unknown>>, string][] = [
    ['invalid date', { ts: new Date('nope') }, 'invalid timestamp'],
    ['NaN open', { open: Number.NaN }, 'open is not a finite number'],
    ['Infinity high', { high: Infinity }, 'high is not a finite number'],
    ['string close', { close: '100' }, 'close is not a finite number'],
    ['null volume', { volume: null }, 'volume is not a finite number'],
    ['NaN vwap', { vwap: Number.NaN }, 'vwap is not a finite number'],
    ['string tradeCount', { tradeCount: '3' }, 'tradeCount is not a finite number'],
    ['negative open', { open: -1 }, 'open <= 0'],
    ['zero low', { low: 0 }, 'low <= 0'],
    ['high below low', { high: 98 }, 'high < low'],
    ['high below close', { high: 100.4 }, 'high < max(open, close)'],
    ['low above open', { low: 100.1 }, 'low > min(open, close)'],
    ['negative volume', { volume: -5 }, 'volume < 0'],
    ['negative trade count', { tradeCount: -1 }, 'tradeCount is not a non-negative integer'],
    ['fractional trade count', { tradeCount: 1.5 }, 'tradeCount is not a non-negative integer'],
    ['vwap far above high', { vwap: 120 }, 'vwap far outside [low, high]'],
    ['vwap far below low', { vwap: 80 }, 'vwap far outside [low, high]'],
  ];

  it.each(cases)('rejects %s', (_name, patch, reason) => {
    expect(validateBar({ ...good, ...patch } as Bar)).toBe(reason);
  });
});

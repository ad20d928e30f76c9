import { marketClock } from '@marketfleet/market';
import { CsvFileError, parseDecimal, readBarsCsv } from './csv-bars';

const HEADER = 'date,open,high,low,close,volume';
const read = (lines: string[], tf: 'd1' | 'm15' = 'd1') => readBarsCsv(lines.join('\n'), tf);
const messages = (lines: string[], tf: 'd1' | 'm15' = 'd1') => read(lines, tf).errors.map((e) => `line ${e.line}: ${e.message}`);

describe('strict CSV bars', () => {
  test('line numbers are the file’s own, after blank lines and quoted fields spanning lines', () => {
    const lines = [
      HEADER,
      '',
      '2024-07-01,100,101,99,100.5,1000',
      '',
      '',
      '2024-07-02,100,101,99,100.5,"1000',
      '"',
      '2024-07-03,100,99,99.5,100.5,1000',
    ];
    expect(messages(lines)).toEqual(['line 6: volume is not a decimal number: "1000\\n"', 'line 8: high < low']);
  });

  test('a date must be the whole field: YYYY-MM-DD, or a full ISO date-time with a zone', () => {
    expect(messages([HEADER, '2024-01-02garbage,1,1,1,1,1'])).toEqual(['line 2: date "2024-01-02garbage" is not YYYY-MM-DD or an ISO date-time with a zone']);
    expect(messages([HEADER, '2024-1-2,1,1,1,1,1'])).toHaveLength(1);
    expect(messages([HEADER, '2024-01-02T00:00,1,1,1,1,1'])).toHaveLength(1);
    expect(messages([HEADER, '2024-01-02T25:00:00Z,1,1,1,1,1'])).toHaveLength(1);
    // The date as written is the session's: a daily file labelled at UTC midnight is not moved to the evening before.
    expect(read([HEADER, '2024-01-02T00:00:00Z,1,1,1,1,1', '2024-01-03T00:00:00-05:00,1,1,1,1,1']).bars.map((r) => r.ts)).toEqual([
      marketClock.session('2024-01-02')!.open,
      marketClock.session('2024-01-03')!.open,
    ]);
    expect(messages([HEADER, '1900-01-02,1,1,1,1,1'])).toEqual(['line 2: 1900-01-02 is outside the dates the market clock supports (1990-01-01..2100-12-31)']);
  });

  test('intraday rows need a full date-time with a zone, the whole field', () => {
    expect(read([HEADER, '2024-07-01T13:30:00Z,1,1,1,1,1'], 'm15').bars).toHaveLength(1);
    expect(messages([HEADER, '2024-07-01T13:30:00Zjunk,1,1,1,1,1'], 'm15')).toHaveLength(1);
    expect(messages([HEADER, '2024-07-01 13:30,1,1,1,1,1'], 'm15')).toHaveLength(1);
  });

  test('numbers are decimal: no hex, octal, binary, infinities or separators', () => {
    for (const ok of ['10', '10.5', '+10', '.5', '10.', '1e3', '1.5E+07', '0']) expect([ok, parseDecimal(ok)]).toEqual([ok, Number(ok)]);
    for (const bad of ['0x10', '0o7', '0b1', 'Infinity', '-Infinity', 'NaN', '1,000', '1_000', '10abc', '', ' ', '1e', 'e3', '--1']) {
      expect([bad, parseDecimal(bad)]).toEqual([bad, null]);
    }
    expect(messages([HEADER, '2024-07-01,0x10,20,10,15,100'])).toEqual(['line 2: open is not a decimal number: "0x10"']);
  });

  test('file problems are one error, with the line where they are', () => {
    expect(() => read([HEADER, '2024-07-01,1,1,1,1,"1'])).toThrow(new CsvFileError('line 2: a quoted field is never closed'));
    expect(() => read(['date,open,high,low,close', '2024-07-01,1,1,1,1'])).toThrow(new CsvFileError('line 1: the header lacks volume (it needs date, open, high, low, close, volume)'));
    expect(() => read(['', '  ', ''])).toThrow(new CsvFileError('the file holds no header: it needs date, open, high, low, close, volume'));
    expect(() => read([HEADER, '2024-07-01,1,1,1,"1"x,1'])).toThrow(CsvFileError);
  });
});

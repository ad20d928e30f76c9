import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countBars, findSymbol } from '@marketfleet/db';
import { marketClock } from '@marketfleet/market';
import { createTestDatabase, exitWithin, runCli, signal, startApp, type TestDatabase, until } from '@marketfleet/testing';
import { sql } from 'drizzle-orm';

/** Every m15 bar of the sessions between two dates, as CSV rows with a valid random walk. */
function m15Csv(from: string, to: string): { text: string; rows: number } {
  const lines = ['date,open,high,low,close,volume'];
  let price = 100;
  for (const s of marketClock.sessionsBetween(from, to)) {
    for (let t = s.open.getTime(); t < s.close.getTime(); t += 15 * 60_000) {
      const open = price;
      price = Math.max(1, price * (1 + ((lines.length * 7919) % 200 - 100) / 20_000));
      const high = Math.max(open, price) + 0.05;
      const low = Math.min(open, price) - 0.05;
      lines.push(`${new Date(t).toISOString()},${open.toFixed(4)},${high.toFixed(4)},${low.toFixed(4)},${price.toFixed(4)},${1000 + (lines.length % 500)}`);
    }
  }
  return { text: `${lines.join('\n')}\n`, rows: lines.length - 1 };
}

describe('import-bars with real processes', () => {
  let t: TestDatabase;
  const dir = mkdtempSync(join(tmpdir(), 'marketfleet-import-'));
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.drop());
  const env = () => ({ DATABASE_URL: t.url, QUEUE_PREFIX: 'import-test' });
  const bars = async (ticker: string, tf: 'd1' | 'm15') => {
    const s = await findSymbol(t.database.db, ticker);
    return s ? countBars(t.database.db, s.id, tf) : 0;
  };

  test('every file problem is one clean line on stderr, with exit 2 for a --file that names no file and 1 for a bad file', async () => {
    const file = (name: string, content: string | Buffer) => {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    };
    mkdirSync(join(dir, 'a-directory'));
    const cases: Array<[string, number, RegExp]> = [
      [join(dir, 'missing.csv'), 2, /^--file: .*missing\.csv: no such file$/],
      [join(dir, 'a-directory'), 2, /^--file: .*a-directory is a directory, not a file$/],
      [file('binary.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0xfe, 0x10])), 1, /^.*binary\.csv is not a text file \(a NUL byte at offset 4\)$/],
      [file('latin1.csv', Buffer.concat([Buffer.from('date,open,high,low,close,volume\n2024-07-01,1,1,1,1,1 caf'), Buffer.from([0xe9])])), 1, /^.*latin1\.csv is not UTF-8 text$/],
      [file('quote.csv', 'date,open,high,low,close,volume\n2024-07-01,1,1,1,1,"1\n2024-07-02,1,1,1,1,1\n'), 1, /^.*quote\.csv: line 2: a quoted field is never closed$/],
      [file('empty.csv', ''), 1, /^.*empty\.csv is empty: it needs a header date, open, high, low, close, volume$/],
      [file('header.csv', 'date,open,high,low,close\n2024-07-01,1,1,1,1\n'), 1, /^.*header\.csv: line 1: the header lacks volume \(it needs date, open, high, low, close, volume\)$/],
    ];
    for (const [path, code, message] of cases) {
      const run = await runCli(['import-bars', '--symbol', 'FILE', '--timeframe', 'd1', '--file', path], env());
      expect([path, run.code, run.stderr.trim().split('\n')]).toEqual([path, code, [expect.stringMatching(message)]]);
    }
    expect(await bars('FILE', 'd1')).toBe(0);
  });

  test('a SIGKILL in the middle of a large import leaves nothing; the same import run to its end leaves everything', async () => {
    const { text, rows } = m15Csv('1990-01-02', '2024-06-28');
    const path = join(dir, 'large.csv');
    writeFileSync(path, text);
    const args = ['import-bars', '--symbol', 'BIG', '--timeframe', 'm15', '--file', path];
    const importing = startApp('cli', 'import-bars', { ...env(), LOG_LEVEL: 'silent' }, args);
    // Killed in the middle of writing: once its transaction has been writing bars for a moment
    // (several batches of 5,000 rows, had each been committed on its own).
    await until(
      'the import to be writing bars',
      () => t.database.db.execute<{ n: number }>(sql`
        select count(*)::int as n from pg_stat_activity
        where application_name = 'marketfleet-cli' and query ilike '%into bars%'
          and xact_start < now() - interval '300 milliseconds'`),
      ([row]) => row!.n > 0,
      120_000,
      10,
    );
    signal(importing, 'SIGKILL');
    expect(await exitWithin(importing, 10_000)).toEqual({ code: null, signal: 'SIGKILL' });
    // The server ends the dead client's transaction once it notices the socket closed.
    await until('the import’s connection to be gone', () => t.database.db.execute<{ n: number }>(sql`
      select count(*)::int as n from pg_stat_activity where application_name = 'marketfleet-cli'`), ([row]) => row!.n === 0, 30_000);
    expect(await bars('BIG', 'm15')).toBe(0);

    const run = await runCli(args, env());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(await bars('BIG', 'm15')).toBe(rows);
    // Splits in the imported history get asked for: a sync of the symbol's corporate actions is queued.
    const syncs = await t.database.db.execute<{ payload: unknown }>(sql`select payload from job_runs where name = 'corporate-actions-sync'`);
    expect(syncs.map((r) => r.payload)).toEqual([{ symbols: ['BIG'] }]);
  }, 240_000);
});

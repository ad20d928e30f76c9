import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { countBars, ensureSymbols, findSymbol, upsertCorporateActions } from '@marketfleet/db';
import { adminUrl, createTestDatabase, databaseUrl, type FakeAlpaca, startFakeAlpaca, type TestDatabase } from '@marketfleet/testing';
import postgres from 'postgres';

const ROOT = join(__dirname, '..', '..', '..');
const SP500 = join(dirname(require.resolve('vega-datasets')), '..', 'data', 'sp500-2000.csv');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('the marketfleet CLI', () => {
  let t: TestDatabase;
  let fake: FakeAlpaca;
  const dir = mkdtempSync(join(tmpdir(), 'marketfleet-cli-'));

  beforeAll(async () => {
    t = await createTestDatabase();
    fake = await startFakeAlpaca({ seed: 3 });
  });
  afterAll(async () => {
    await fake.close();
    await t.drop();
  });

  function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'apps/cli/src/main.ts', ...args], {
        cwd: ROOT,
        env: {
          ...process.env, DATABASE_URL: t.url, LOG_LEVEL: 'silent', QUEUE_PREFIX: 'cli-test',
          MARKET_DATA_PROVIDER: 'alpaca', ALPACA_DATA_URL: fake.url, ALPACA_KEY_ID: 'test-key', ALPACA_SECRET_KEY: 'test-secret',
          ...env,
        },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d));
      child.stderr.on('data', (d: Buffer) => (stderr += d));
      child.on('exit', (code) => resolve({ code, stdout, stderr }));
    });
  }

  const id = async (ticker: string) => (await findSymbol(t.database.db, ticker))?.id ?? -1;

  test('calendar prints one session per line, or JSON; a bad date is a usage error naming the option', async () => {
    const text = await cli(['calendar', '--from', '2024-07-01', '--to', '2024-07-08']);
    expect(text.code).toBe(0);
    expect(text.stdout.trim().split('\n')).toEqual([
      '2024-07-01 2024-07-01T13:30:00.000Z 2024-07-01T20:00:00.000Z',
      '2024-07-02 2024-07-02T13:30:00.000Z 2024-07-02T20:00:00.000Z',
      '2024-07-03 2024-07-03T13:30:00.000Z 2024-07-03T17:00:00.000Z',
      '2024-07-05 2024-07-05T13:30:00.000Z 2024-07-05T20:00:00.000Z',
      '2024-07-08 2024-07-08T13:30:00.000Z 2024-07-08T20:00:00.000Z',
    ]);
    const json = await cli(['calendar', '--from', '2024-12-24', '--to', '2024-12-26', '--json']);
    expect(JSON.parse(json.stdout)).toEqual([
      { date: '2024-12-24', open: '2024-12-24T14:30:00.000Z', close: '2024-12-24T18:00:00.000Z' },
      { date: '2024-12-26', open: '2024-12-26T14:30:00.000Z', close: '2024-12-26T21:00:00.000Z' },
    ]);
    const bad = await cli(['calendar', '--from', '2024-13-01', '--to', '2024-12-31']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--from: expected a date as YYYY-MM-DD/);
  });

  test('a date outside the market clock\'s range is a usage error, never a stack trace', async () => {
    for (const args of [
      ['backfill', '--symbols', 'AAPL', '--timeframes', 'd1', '--from', '0000-01-01', '--to', '2024-07-01'],
      ['export-bars', '--symbol', 'AAPL', '--timeframe', 'd1', '--to', '9999-12-31'],
      ['calendar', '--from', '0000-01-01', '--to', '0000-01-05'],
    ]) {
      const run = await cli(args);
      expect([args.join(' '), run.code]).toEqual([args.join(' '), 2]);
      expect(run.stderr).toMatch(/^--(from|to): \d{4}-\d\d-\d\d is outside the dates the market clock supports \(1990-01-01\.\.2100-12-31\)\n/);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });

  test('migrate is idempotent', async () => {
    expect((await cli(['migrate'])).code).toBe(0);
    const again = await cli(['migrate']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/migrated postgres:\/\/postgres@/);
  });

  test('schema-check exits 3 naming the pending migrations, and 0 once they are applied (waiting with --wait)', async () => {
    const name = `mf_schema_check_${process.pid}_${Date.now()}`;
    const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    try {
      const env = { DATABASE_URL: databaseUrl(name) };
      const empty = await cli(['schema-check'], env);
      expect(empty.code).toBe(3);
      expect(empty.stderr).toMatch(/schema not current .*pending migrations: 0000_foundation, 0001_/);
      const waiting = cli(['schema-check', '--wait', '60'], env);
      expect((await cli(['migrate'], env)).code).toBe(0);
      const after = await waiting;
      expect({ code: after.code, stderr: after.stderr }).toEqual({ code: 0, stderr: '' });
      expect(after.stdout).toMatch(/schema current in postgres:\/\/postgres@/);
      expect((await cli(['schema-check'], env)).code).toBe(0);
    } finally {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  });

  test('import-bars takes twenty years of real S&P 500 history; export-bars gives it back in order', async () => {
    const run = await cli(['import-bars', '--symbol', 'SPX', '--timeframe', 'd1', '--file', SP500]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/5105 bars read, 5105 written/);
    const out = await cli(['export-bars', '--symbol', 'SPX', '--timeframe', 'd1', '--from', '2000-01-03', '--to', '2000-01-04']);
    expect(out.stdout.trim().split('\n')).toEqual([
      'ts,open,high,low,close,volume,vwap,trade_count,provider,status',
      '2000-01-03T14:30:00.000Z,1469.25,1478,1438.359985,1455.219971,931800000,,,import,verified',
      '2000-01-04T14:30:00.000Z,1455.219971,1455.219971,1397.430054,1399.420044,1009000000,,,import,verified',
    ]);
    const json = await cli(['export-bars', '--symbol', 'SPX', '--timeframe', 'd1', '--format', 'json']);
    const bars = JSON.parse(json.stdout) as Array<{ ts: string }>;
    expect(bars).toHaveLength(5105);
    expect(bars.map((b) => b.ts)).toEqual([...bars.map((b) => b.ts)].sort());
  });

  test('import-bars reports every bad row by line number and writes nothing', async () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, [
      'Date,Open,High,Low,Close,Adj Close,Volume',
      '2024-07-01,100,101,99,100.5,100.5,1000',
      '2024-07-02,100,99,99.5,100.5,100.5,1000',
      '2024-07-04,100,101,99,100.5,100.5,1000',
      '2024-07-05,100,101,99,abc,100.5,1000',
    ].join('\n'));
    const run = await cli(['import-bars', '--symbol', 'BAD', '--timeframe', 'd1', '--file', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/line 3: high < /);
    expect(run.stderr).toMatch(/line 4: 2024-07-04 is not a trading session/);
    expect(run.stderr).toMatch(/line 5: close is not a decimal number: "abc"/);
    expect(run.stderr).toMatch(/3 bad rows: nothing imported/);
    expect(await countBars(t.database.db, await id('BAD'), 'd1')).toBe(0);
    const skip = await cli(['import-bars', '--symbol', 'BAD', '--timeframe', 'd1', '--file', file, '--skip-bad']);
    expect(skip.code).toBe(0);
    expect(await countBars(t.database.db, await id('BAD'), 'd1')).toBe(1);
  });

  test('a file of split-adjusted history is stored raw, so reading it split-adjusted gives the file back', async () => {
    const symbolId = (await ensureSymbols(t.database.db, ['ADJ'])).get('ADJ')!;
    await upsertCorporateActions(t.database.db, [
      { symbolId, type: 'forward_split', exDate: '2024-06-12', ratio: 4, cashAmount: null, provider: 'test' },
    ]);
    const file = join(dir, 'adjusted.csv');
    const rows = ['2024-06-10,100,101,99,100.5,1000', '2024-06-11,100.5,102,100,101,1200', '2024-06-12,101,103,100.5,102,4400'];
    writeFileSync(file, ['date,open,high,low,close,volume', ...rows].join('\n'));
    expect((await cli(['import-bars', '--symbol', 'ADJ', '--timeframe', 'd1', '--file', file, '--holds', 'split'])).code).toBe(0);
    const closes = async (adjustment: string) =>
      (JSON.parse((await cli(['export-bars', '--symbol', 'ADJ', '--timeframe', 'd1', '--format', 'json', '--adjustment', adjustment])).stdout) as Array<{ close: number; volume: number }>)
        .map((b) => [b.close, b.volume]);
    expect(await closes('raw')).toEqual([[402, 250], [404, 300], [102, 4400]]);
    expect(await closes('split')).toEqual([[100.5, 1000], [101, 1200], [102, 4400]]);
    const actions = await cli(['corporate-actions', '--symbol', 'ADJ']);
    expect(actions.stdout.trim()).toBe('2024-06-12  forward_split   ratio 4');
    const bad = await cli(['export-bars', '--symbol', 'ADJ', '--timeframe', 'd1', '--adjustment', 'dividend']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--adjustment: "dividend" is not raw, split or all/);
  });

  test('backfill --inline fetches from the provider through the queue and waits', async () => {
    const run = await cli(['backfill', '--symbols', 'AAPL,MSFT', '--timeframes', 'm15,h1,d1', '--from', '2024-07-01', '--to', '2024-07-05', '--inline']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/2\/2 chunks done/);
    const backfillId = /backfill (manual-\S+):/.exec(run.stdout)![1]!;
    const status = await cli(['backfill-status', backfillId]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(
      new RegExp(`^${backfillId}  done +100%  chunks 2 done, 0 running, 0 queued, 0 failed of 2  bars ${2 * (92 + 25 + 4)}/`),
    );
    expect((await cli(['backfill-status'])).stdout).toContain(backfillId);
    expect(await countBars(t.database.db, await id('MSFT'), 'm15')).toBe(3 * 26 + 14);
    expect(await countBars(t.database.db, await id('AAPL'), 'h1')).toBe(3 * 7 + 4);
    expect(await countBars(t.database.db, await id('AAPL'), 'd1')).toBe(4);
  });

  test('coverage reports expected and stored bars with the gaps as session ranges', async () => {
    const run = await cli(['coverage', '--symbol', 'MSFT', '--timeframe', 'd1'], { HISTORY_DAYS_D1: '30' });
    expect(run.code).toBe(1);
    // Only 2024-07-01..05 is stored: everything since is one gap, never a weekend or holiday.
    expect(run.stdout).toMatch(/^MSFT d1  last 30 days: 0\/\d+ bars, \d+ missing in 1 gaps\n  gap \d{4}-\d\d-\d\d\.\.\d{4}-\d\d-\d\d: \d+ bars/);
  });

  test('backfill exits non-zero naming every chunk that failed', async () => {
    const run = await cli(['backfill', '--symbols', 'NVDA', '--timeframes', 'd1', '--from', '2024-06-03', '--to', '2024-06-07', '--inline'], {
      ALPACA_KEY_ID: 'revoked-key',
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/failed: NVDA d1 2024-06-03\.\.2024-06-07 \(chunk-NVDA-d1-2024-06-03-2024-06-07\): ProviderAuthError: forbidden/);
  });
});

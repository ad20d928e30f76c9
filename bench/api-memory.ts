// pnpm bench:api-memory — the api's resident memory under a request pattern that defeats any
// cache: every request a distinct URL (many symbols, ranges and unknown parameters), each a chart
// of up to 5,000 m15 bars (about 700 KiB of JSON), asked for brotli and gzip in turn. Prints the
// RSS after start-up and warm-up (the baseline), its peak and its end, the cache's bytes from
// /metrics, and how many bytes of logs the run wrote at LOG_LEVEL=info.
//
// BENCH_REQUESTS (2000), BENCH_CONNECTIONS (8), BENCH_CACHE_BYTES (the api's default),
// BENCH_SYMBOLS (20), BENCH_DATABASE_URL.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createDatabase as openDatabase, ensureSymbols, upsertBars, type BarRow } from '@marketfleet/db';
import { marketClock } from '@marketfleet/market';
import { freePort } from '@marketfleet/testing';
import { benchDatabase, buildApp, dropDatabase, fmt, startApp, stopApp, until } from './support';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const SYMBOLS = Number(process.env.BENCH_SYMBOLS ?? 20);
const KEY = randomBytes(24).toString('hex');
const MB = 1024 * 1024;

/** Resident and peak resident memory of a live process, in MB (Linux). */
function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

async function seed(url: string): Promise<{ tickers: string[]; sessions: string[] }> {
  const { db, close } = openDatabase(url, { max: 4 });
  const tickers = Array.from({ length: SYMBOLS }, (_, i) => `MEM${String(i).padStart(2, '0')}`);
  const ids = await ensureSymbols(db, tickers);
  // 200 sessions of m15 bars: 5,200 bars a symbol, so a range of 190 sessions is a full 5,000-bar chart.
  const sessions = marketClock.sessionsBetween('2023-09-01', '2024-06-28').slice(-200);
  const starts = sessions.flatMap((s) => marketClock.expectedBars('m15', s.open, s.close));
  for (const [, symbolId] of ids) {
    await upsertBars(db, starts.map((ts, i): BarRow => ({
      symbolId, timeframe: 'm15', ts, open: 100 + (i % 50), high: 101 + (i % 50), low: 99 + (i % 50), close: 100.5 + (i % 50),
      volume: 1000 + i, vwap: 100.2 + (i % 50), tradeCount: 10, provider: 'bench', status: 'verified', fetchedAt: new Date(),
    })));
  }
  await close();
  return { tickers, sessions: sessions.map((s) => s.date) };
}

async function main() {
  buildApp('api');
  const { name: dbName, url } = await benchDatabase('mem');
  let proc: ReturnType<typeof startApp> | undefined;
  try {
    const { tickers, sessions } = await seed(url);
    const port = await freePort();
    proc = startApp('api', {
      DATABASE_URL: url, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info',
      APP_API_KEYS: KEY, ADMIN_API_KEYS: randomBytes(24).toString('hex'), RATE_LIMIT_APP_PER_MINUTE: '100000000',
      ...(process.env.BENCH_CACHE_BYTES ? { CHART_CACHE_MAX_BYTES: process.env.BENCH_CACHE_BYTES } : {}),
    }, 'pipe');
    let logBytes = 0;
    proc.stdout?.on('data', (chunk: Buffer) => (logBytes += chunk.length));
    const api = `http://127.0.0.1:${port}`;
    await until(async () => (await fetch(`${api}/healthz`).catch(() => null))?.ok === true, 30_000);
    const pid = proc.pid!;
    const auth = { authorization: `Bearer ${KEY}` };

    // Warm-up: every code path once, then the baseline.
    for (const encoding of ['identity', 'gzip', 'br']) {
      await (await fetch(`${api}/v1/chart?symbol=${tickers[0]}&timeframe=m15&start=${sessions[5]}&end=${sessions[190]}`, { headers: { ...auth, 'accept-encoding': encoding } })).arrayBuffer();
    }
    await new Promise((r) => setTimeout(r, 1_000));
    const baseline = memory(pid).rss;
    const logsBefore = logBytes;

    let sampledPeak = baseline;
    const sampler = setInterval(() => (sampledPeak = Math.max(sampledPeak, memory(pid).rss)), 200);
    let next = 0;
    let bytesServed = 0;
    const statuses = new Map<number, number>();
    const started = performance.now();
    await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
      for (let i = next++; i < REQUESTS; i = next++) {
        // Each request its own URL: a symbol, a range of up to 190 sessions, a parameter no route knows.
        const from = i % 10;
        const to = Math.min(sessions.length - 1, from + 180 + (i % 11));
        const q = `symbol=${tickers[i % tickers.length]}&timeframe=m15&start=${sessions[from]}&end=${sessions[to]}&nocache=${i}`;
        const res = await fetch(`${api}/v1/chart?${q}`, { headers: { ...auth, 'accept-encoding': i % 2 ? 'br' : 'gzip' } });
        await res.arrayBuffer();
        // fetch decompresses; the header says what crossed the wire.
        bytesServed += Number(res.headers.get('content-length') ?? 0);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
    }));
    clearInterval(sampler);
    const seconds = (performance.now() - started) / 1000;
    const end = memory(pid);
    const metrics = await (await fetch(`${api}/metrics`)).text();
    const cacheBytes = Number(/^marketfleet_chart_cache_bytes (\d+)/m.exec(metrics)?.[1] ?? NaN);

    console.log(`${fmt(REQUESTS)} distinct chart URLs (${SYMBOLS} symbols, up to 5,000 m15 bars each), ${CONNECTIONS} connections, ${fmt(seconds, 1)} s (${fmt(REQUESTS / seconds)} req/s), statuses ${JSON.stringify(Object.fromEntries(statuses))}, ${fmt(bytesServed / MB, 1)} MB sent (compressed)`);
    console.log(`api RSS: baseline ${fmt(baseline)} MB, peak ${fmt(Math.max(sampledPeak, end.peak))} MB, end ${fmt(end.rss)} MB`);
    console.log(`chart cache: ${fmt(cacheBytes / MB, 1)} MB held at the end (bound ${process.env.BENCH_CACHE_BYTES ? fmt(Number(process.env.BENCH_CACHE_BYTES) / MB, 1) : '64.0'} MB)`);
    console.log(`logs at LOG_LEVEL=info during the run: ${fmt(logBytes - logsBefore)} bytes`);
  } finally {
    if (proc) await stopApp(proc);
    await dropDatabase(dbName);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

// pnpm bench:api — a chart of 1,000 m15 bars and, in the same run on the same machine, two
// ceilings under the same load (autocannon, 50 connections): a Fastify hello-world route, and the
// same Fastify answering the chart's own bytes and headers from a constant (what the response's
// size alone costs the server, the kernel and the client). Prints the throughputs, the chart's
// ratio to each and its p50/p99 latency; then data-health for 100 symbols × 5 timeframes.
//
// BENCH_SECONDS (10), BENCH_CONNECTIONS (50), BENCH_DATABASE_URL.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { get, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { addToWatchlist, createDatabase as openDatabase, ensureSymbols, upsertBars, type BarRow } from '@marketfleet/db';
import { marketClock, TIMEFRAMES } from '@marketfleet/market';
import { boundOf, busyBetween, machineTicks, processCpuSeconds } from './bounds';
import { freePort } from '@marketfleet/testing';
import { benchDatabase, buildApp, dropDatabase, fmt, ROOT, startApp, stopApp, until } from './support';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const KEY = randomBytes(24).toString('hex');

async function serving(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).status < 500;
  } catch {
    return false;
  }
}

/** Seconds of load each target gets first, unmeasured, so every one is measured with its code optimised. */
const WARM_UP_SECONDS = 3;

/** A load run after a warm-up, with the CPU the server and this process (the load generator) used meanwhile. */
async function load(url: string, serverPid: number, headers: Record<string, string> = {}) {
  await autocannon({ url, connections: CONNECTIONS, duration: WARM_UP_SECONDS, headers });
  const machine = machineTicks();
  const server = processCpuSeconds(serverPid);
  const client = process.cpuUsage();
  const started = performance.now();
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers });
  const wall = (performance.now() - started) / 1000;
  const used = process.cpuUsage(client);
  return {
    result,
    wall,
    serverCpu: processCpuSeconds(serverPid) - server,
    clientCpu: (used.user + used.system) / 1e6,
    machineBusy: busyBetween(machine, machineTicks()),
  };
}

/** Server and load generator each run on one thread: the one nearest a full core is the bound, unless the machine is. */
function printBound(label: string, run: Awaited<ReturnType<typeof load>>) {
  const perRequest = (cpu: number) => `${fmt((cpu / run.result.requests.total) * 1e6)} µs a request`;
  const { bound, lines } = boundOf(
    [
      { name: `${label} server CPU`, share: run.serverCpu / run.wall, detail: `${fmt(run.serverCpu, 1)} CPU s over ${fmt(run.wall, 1)} s, one thread; ${perRequest(run.serverCpu)}` },
      { name: 'load generator CPU', share: run.clientCpu / run.wall, detail: `autocannon in this process, ${fmt(run.clientCpu, 1)} CPU s; ${perRequest(run.clientCpu)}` },
    ],
    run.serverCpu + run.clientCpu,
    run.wall,
    run.machineBusy,
  );
  console.log(`${label}, resources over the run:\n${lines.join('\n')}\n  bound: ${bound}`);
}

/**
 * The chart's response as the load generator gets it (headers and compressed body), written for the
 * same-bytes ceiling; fetch would decompress it, so it is read over a plain request.
 */
async function recordResponse(url: string, headers: Record<string, string>): Promise<{ file: string; bytes: number }> {
  const res = await new Promise<IncomingMessage & { body: Buffer }>((resolve, reject) => {
    get(url, { headers }, (r) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c))
        .on('end', () => resolve(Object.assign(r, { body: Buffer.concat(chunks) })))
        .on('error', reject);
    }).on('error', reject);
  });
  if (res.statusCode !== 200 || res.headers['content-encoding'] !== 'br') {
    throw new Error(`the chart answered ${res.statusCode} ${res.headers['content-encoding'] ?? 'uncompressed'}`);
  }
  // Every header the client sees, less those Node's server writes itself.
  const own = new Set(['date', 'connection', 'keep-alive', 'content-length']);
  const kept = Object.fromEntries(Object.entries(res.headers).filter(([k]) => !own.has(k)));
  const file = join(tmpdir(), `marketfleet-bench-chart-${process.pid}.json`);
  writeFileSync(file, JSON.stringify({ headers: kept, body: res.body.toString('base64') }));
  return { file, bytes: res.body.length };
}

async function seed(url: string) {
  const { db, close } = openDatabase(url, { max: 4 });
  // 1,000 m15 bars of one symbol: the last 1,000 bars before the end of June 2024.
  const id = (await ensureSymbols(db, ['BENCH'])).get('BENCH')!;
  const starts = marketClock.expectedBars('m15', marketClock.session('2024-05-01')!.open, marketClock.session('2024-06-28')!.close).slice(-1000);
  const bar = (symbolId: number, timeframe: BarRow['timeframe'], ts: Date, i: number): BarRow => ({
    symbolId, timeframe, ts, open: 100 + (i % 50), high: 101 + (i % 50), low: 99 + (i % 50), close: 100.5 + (i % 50),
    volume: 1000 + i, vwap: 100.2 + (i % 50), tradeCount: 10, provider: 'bench', status: 'verified', fetchedAt: new Date(),
  });
  await upsertBars(db, starts.map((ts, i) => bar(id, 'm15', ts, i)));
  // A watchlist of 100 symbols with a few bars in every timeframe, for data-health.
  const tickers = Array.from({ length: 100 }, (_, i) => `H${String(i).padStart(3, '0')}`);
  const ids = await ensureSymbols(db, tickers);
  await addToWatchlist(db, tickers);
  const from = marketClock.session('2024-06-03')!.open;
  const to = marketClock.session('2024-06-28')!.close;
  for (const tf of TIMEFRAMES) {
    const ts = marketClock.expectedBars(tf, from, to).slice(-20);
    await upsertBars(db, [...ids.values()].flatMap((sid) => ts.map((t, i) => bar(sid, tf, t, i))));
  }
  await close();
  return { first: starts[0]!, last: starts[starts.length - 1]! };
}

async function main() {
  buildApp('api');
  const { name: dbName, url } = await benchDatabase('api');
  const procs: ChildProcess[] = [];
  let replayFile: string | undefined;
  try {
    const range = await seed(url);
    const [apiPort, helloPort] = [await freePort(), await freePort()];
    procs.push(startApp('api', {
      DATABASE_URL: url, PORT: String(apiPort), HOST: '127.0.0.1', LOG_LEVEL: 'warn',
      APP_API_KEYS: KEY, ADMIN_API_KEYS: randomBytes(24).toString('hex'), RATE_LIMIT_APP_PER_MINUTE: '100000000',
    }));
    const api = `http://127.0.0.1:${apiPort}`;
    await until(() => serving(`${api}/healthz`), 30_000);

    const chartUrl = `${api}/v1/chart?symbol=BENCH&timeframe=m15&start=${range.first.toISOString()}&end=${new Date(range.last.getTime() + 1).toISOString()}`;
    const auth = { authorization: `Bearer ${KEY}` };
    // As the app's HTTP stack asks: a compressed body (the cache holds it compressed once).
    const asked = { ...auth, 'accept-encoding': 'br, gzip' };
    const probe = (await (await fetch(chartUrl, { headers: auth })).json()) as { bars?: unknown[] };
    if (probe.bars?.length !== 1000) throw new Error(`the chart returned ${probe.bars?.length ?? JSON.stringify(probe)} bars, not 1,000`);
    const size = (await fetch(chartUrl, { headers: { ...auth, 'accept-encoding': 'identity' } })).headers.get('content-length');
    const replay = await recordResponse(chartUrl, asked);
    replayFile = replay.file;

    procs.push(spawn(process.execPath, [join(ROOT, 'bench', 'hello-server.mjs')], {
      env: { ...process.env, PORT: String(helloPort), REPLAY_FILE: replay.file }, stdio: 'inherit',
    }));
    await until(() => serving(`http://127.0.0.1:${helloPort}/hello`), 30_000);
    const ceiling = `http://127.0.0.1:${helloPort}`;
    const helloRun = await load(`${ceiling}/hello`, procs[1]!.pid!);
    const sameBytesRun = await load(`${ceiling}/same-bytes`, procs[1]!.pid!);
    const chartRun = await load(chartUrl, procs[0]!.pid!, asked);
    const [hello, sameBytes, chart] = [helloRun.result, sameBytesRun.result, chartRun.result];
    const errors = chart.non2xx + chart.errors;
    console.log(`Node.js ${process.versions.node}, ${CONNECTIONS} connections × ${SECONDS} s each, after ${WARM_UP_SECONDS} s unmeasured`);
    console.log(`hello world: ${fmt(hello.requests.average)} req/s`);
    console.log(`the chart's bytes from a constant: ${fmt(sameBytes.requests.average)} req/s`);
    console.log(`chart (1,000 m15 bars, ${fmt(Number(size) / 1024)} KiB, ${fmt(replay.bytes / 1024)} KiB with br): ${fmt(chart.requests.average)} req/s, p50 ${chart.latency.p50} ms, p99 ${chart.latency.p99} ms, ${errors} errors`);
    console.log(`ratio to hello world: ${fmt(chart.requests.average / hello.requests.average, 2)}; to its own bytes from a constant: ${fmt(chart.requests.average / sameBytes.requests.average, 2)}`);
    printBound('hello world', helloRun);
    printBound('same bytes', sameBytesRun);
    printBound('chart', chartRun);

    const healthUrl = `${api}/v1/data-health?limit=100`;
    const times: number[] = [];
    for (let i = 0; i < 25; i++) {
      const t0 = performance.now();
      const res = await fetch(healthUrl, { headers: auth });
      const body = (await res.json()) as { healthStatuses: unknown[] };
      times.push(performance.now() - t0);
      if (body.healthStatuses.length !== 500) throw new Error(`data-health returned ${body.healthStatuses.length} statuses`);
    }
    times.sort((a, b) => a - b);
    console.log(`data-health, 100 symbols × 5 timeframes: median ${fmt(times[12]!, 1)} ms, worst ${fmt(times[24]!, 1)} ms (25 requests)`);
  } finally {
    for (const p of procs) await stopApp(p);
    if (replayFile) rmSync(replayFile, { force: true });
    await dropDatabase(dbName);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

// The chart page end to end: the real app on a real port, a headless Chromium loading `/`.
import { ensureSymbols, saveForecast, saveRankRun, upsertBars, type BarRow, type StoredRank } from '@marketfleet/db';
import { formatOcc, marketClock, type Timeframe } from '@marketfleet/market';
import type { Page } from 'playwright-core';
import { openBrowser, type Browser } from './testing/browser';
import { createTestDatabase, startTestApp, TEST_KEYS, type TestApp, type TestDatabase } from './testing/test-app';

// Tuesday 23 Jan 2024, 12:00 in New York: the market is open.
const NOW = new Date('2024-01-23T17:00:00Z');
const DAY = 86_400_000;
// A person's key: the app role, as the page's users have.
const KEY = TEST_KEYS.app;

/** Bars on every expected start, rising and falling so both candle colours appear. */
function barsFor(symbolId: number, timeframe: Timeframe, days: number): BarRow[] {
  const upTo = new Date(marketClock.lastClosedBar(timeframe, NOW)!.getTime() + 1);
  return marketClock.expectedBars(timeframe, new Date(NOW.getTime() - days * DAY), upTo).map((ts, i) => {
    const open = 100 + 5 * Math.sin(i / 6);
    const close = open + (i % 3 === 0 ? -0.8 : 0.9);
    return {
      symbolId, timeframe, ts, open, close,
      high: Math.max(open, close) + 0.5,
      low: Math.min(open, close) - 0.5,
      volume: 1000 + 37 * (i % 11),
      vwap: null, tradeCount: null, provider: 'sim', status: 'verified', fetchedAt: NOW,
    };
  });
}

/** A ranking run's contracts, best first: calls and puts alternating, scores falling from 0.9. */
function ranked(n: number): StoredRank[] {
  return Array.from({ length: n }, (_, i) => {
    const side = i % 2 === 0 ? ('call' as const) : ('put' as const);
    const strike = 100 + 5 * Math.floor(i / 2);
    return {
      position: i + 1, contract: formatOcc({ root: 'AAPL', expiry: '2024-02-16', side, strike }), expiry: '2024-02-16', strike, side,
      bid: 2, ask: 2.2, mark: 2.1, last: 2.1, volume: 1500 + i, openInterest: 12_000 + i, iv: 0.285, delta: side === 'call' ? 0.55 : -0.45,
      gamma: 0.03, theta: -0.04, vega: 0.11, dte: 24, composite: 90 - i, mlScore: (90 - i) / 100, momentum: 60, value: 60, greeks: 60,
      ivRank: 30, spreadPct: 9.5, volOiRatio: 0.12, liquidityConfidence: 1, priceMomentum: 50, oiGrowth: 50, relativeValue: 50,
      entryDifficulty: 50, stability: null, ivCurveOk: true, ivDataQuality: 0.9, forecastTilt: 0, signals: [], imputed: [],
    };
  });
}

let t: TestDatabase;
let h: TestApp;
let base: string;
let browser: Browser | undefined;
let page: Page;
let pageErrors: string[] = [];
/** What the browser refused under the page's Content-Security-Policy: none of it may be the page's own. */
let cspViolations: string[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  const ids = await ensureSymbols(t.database.db, ['AAPL']);
  await upsertBars(t.database.db, [...barsFor(ids.get('AAPL')!, 'm15', 8), ...barsFor(ids.get('AAPL')!, 'd1', 90)]);
  // No key by default: the page's own files must be served without one.
  h = await startTestApp({ db: t, kind: 'postgres', now: NOW, key: null });
  base = await h.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await openBrowser({ width: 1280, height: 800 });
  ({ page, pageErrors, cspViolations } = browser);
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
  await t?.drop();
});

/** Picks a symbol and timeframe as a person would, then waits for that chart (or its error). */
async function show(symbol: string, timeframe: Timeframe): Promise<void> {
  await page.getByLabel('Symbol').fill(symbol);
  await page.getByLabel('Timeframe').selectOption(timeframe);
  await page.getByRole('button', { name: 'Show' }).click();
  await page.waitForSelector(
    `#chart[data-symbol="${symbol.toUpperCase()}"][data-timeframe="${timeframe}"]:is([data-state="ready"], [data-state="error"])`,
  );
}

/** Pixels in the chart's canvases close to the candles' up and down colours. */
function candlePixels(): Promise<{ up: number; down: number }> {
  // The test compiles without the DOM's types; the canvases arrive untyped.
  return page.locator('#chart canvas').evaluateAll((canvases) => {
    const near = (d: Uint8ClampedArray, i: number, [r, g, b]: number[]) =>
      Math.abs(d[i]! - r!) < 12 && Math.abs(d[i + 1]! - g!) < 12 && Math.abs(d[i + 2]! - b!) < 12 && d[i + 3]! > 200;
    let up = 0;
    let down = 0;
    for (const canvas of canvases) {
      const ctx = canvas.getContext('2d');
      if (!ctx || canvas.width === 0 || canvas.height === 0) continue;
      const d: Uint8ClampedArray = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 0; i < d.length; i += 4) {
        if (near(d, i, [0x26, 0xa6, 0x9a])) up++;
        else if (near(d, i, [0xef, 0x53, 0x50])) down++;
      }
    }
    return { up, down };
  });
}

async function apiBarCount(timeframe: Timeframe): Promise<number> {
  const res = await h.app.inject({
    url: `/v1/chart?symbol=AAPL&timeframe=${timeframe}`,
    headers: { authorization: `Bearer ${KEY}` },
  });
  expect(res.statusCode).toBe(200);
  return res.json().meta.totalBars;
}

// One browser tab walks through the page in order: the key stored by the second test is used by the next ones.
describe('the chart page', () => {
  test('serves the page, its assets and the chart library', async () => {
    const index = await h.app.inject({ url: '/' });
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-type']).toMatch(/^text\/html/);
    expect(index.headers['cache-control']).toBe('no-cache');
    // Not to be framed or sniffed; scripts, styles and requests from this origin only.
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect(index.headers['x-frame-options']).toBe('DENY');
    const csp = String(index.headers['content-security-policy']);
    for (const directive of ["default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'"]) expect(csp).toContain(directive);
    // One inline style is allowed, by its hash: the chart library's attribution logo.
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    const app = await h.app.inject({ url: '/assets/app.js' });
    expect(app.statusCode).toBe(200);
    expect(app.headers['content-type']).toMatch(/javascript/);
    expect(app.headers['cache-control']).toBe('public, max-age=300');
    expect(app.headers.etag).toBeDefined();
    const lib = await h.app.inject({ url: '/vendor/lightweight-charts.js' });
    expect(lib.statusCode).toBe(200);
    expect(lib.headers['cache-control']).toBe('public, max-age=86400');
    expect(lib.body).toContain('window.LightweightCharts=');
    // Nothing outside public/ is reachable through /assets/, however the path is spelt.
    for (const url of ['/assets/%2e%2e/package.json', '/assets/..%2fpackage.json', '/assets/%2e%2e%2fsrc/app.ts']) {
      const res = await h.app.inject({ url, headers: { authorization: `Bearer ${KEY}` } });
      expect([res.statusCode, res.body]).toEqual([404, expect.not.stringContaining('@marketfleet')]);
    }
  });

  test('a key in the link logs in, then leaves the address bar', async () => {
    await page.goto(`${base}/#key=${KEY}`);
    // Auth is on: only the key from the link gets the chart drawn.
    await page.waitForSelector('#chart[data-state="ready"]');
    expect(new URL(page.url()).hash).toBe('');
    expect(await page.evaluate("localStorage.getItem('marketfleet.apiKey')")).toBe(KEY);
  });

  test.each(['m15', 'd1'] as const)('%s candles are drawn, as many as the API returns', async (timeframe) => {
    await show('aapl', timeframe);
    expect(await page.getAttribute('#chart', 'data-state')).toBe('ready');
    const expected = await apiBarCount(timeframe);
    expect(expected).toBeGreaterThan(20);
    expect(Number(await page.getAttribute('#chart', 'data-bars'))).toBe(expected);
    // The library paints on the next animation frame; wait for candles of both colours on the canvas.
    let pixels = { up: 0, down: 0 };
    for (let i = 0; i < 50 && (pixels.up < 200 || pixels.down < 50); i++) {
      await page.waitForTimeout(100);
      pixels = await candlePixels();
    }
    expect(pixels.up).toBeGreaterThan(200);
    expect(pixels.down).toBeGreaterThan(50);
    await expect(page.locator('#meta').textContent()).resolves.toContain('Market');
    expect(await page.isHidden('#message')).toBe(true);
  });

  test('the d1 chart continues into the forecast path with its band, and names it', async () => {
    const id = (await ensureSymbols(t.database.db, ['AAPL'])).get('AAPL')!;
    const last = marketClock.lastClosedBar('d1', NOW)!;
    const next = marketClock.expectedBars('d1', marketClock.barEnd(last, 'd1'), new Date(last.getTime() + 10 * DAY)).slice(0, 5);
    await saveForecast(t.database.db, {
      symbolId: id, timeframe: 'd1', horizon: '1W', runAt: NOW, lastBarTs: last, modelVersion: 'test', label: 'bullish', confidence: 0.45,
      probabilities: { bearish: 0.25, neutral: 0.3, bullish: 0.45 }, currentPrice: 100, targetPrice: 102, expectedReturn: 0.02, threshold: 0.01,
      points: next.map((ts, i) => ({ ts: ts.toISOString(), value: 100 + i, lower80: 98 + i, upper80: 102 + i, lower95: 97 + i, upper95: 103 + i })),
      weights: { naive: 1 }, components: {}, calibrated: true, bandMethod: 'conformal', trainingFrom: last, trainingTo: last, trainingRows: 500,
    });
    await show('AAPL', 'd1');
    expect(await page.getAttribute('#chart', 'data-forecast-points')).toBe('5');
    await expect(page.locator('#meta').textContent()).resolves.toContain('bullish, 45% confidence, 1W');
  });

  test("the latest ranking's top 10 options are listed beside the chart", async () => {
    const id = (await ensureSymbols(t.database.db, ['AAPL'])).get('AAPL')!;
    await saveRankRun(
      t.database.db,
      {
        symbolId: id, mode: 'entry', sessionDate: '2024-01-23', runKey: 'page', trigger: 'scrape', contractsScored: 400,
        contractsSkipped: 0, ivStale: false, referenceDate: null, forecastId: null, durationMs: 30,
      },
      ranked(14),
      [],
    );
    await show('AAPL', 'd1');
    await page.waitForSelector('#ranks[data-count="10"]');
    const rows = await page.locator('#ranks tbody tr').allInnerTexts();
    expect(rows).toHaveLength(10);
    // Contract, score (ml score × 100), IV, delta, open interest, volume.
    expect(rows[0]!.split('\t')).toEqual(['Feb 16, 24 100 C', '90', '28.5%', '0.55', '12,000', '1,500']);
    expect(rows[1]!.split('\t')).toEqual(['Feb 16, 24 100 P', '89', '28.5%', '-0.45', '12,001', '1,501']);
    await expect(page.locator('#ranks-message').textContent()).resolves.toMatch(/^Top 10 of the ranking run .+ ET\.$/);
    // Beside the chart at 1280 px: to its right, overlapping it vertically.
    const chart = (await page.locator('#chart').boundingBox())!;
    const ranks = (await page.locator('#ranks').boundingBox())!;
    expect(ranks.x).toBeGreaterThanOrEqual(chart.x + chart.width);
    expect(ranks.y).toBeLessThan(chart.y + chart.height);
  });

  test("the data-health table lists the symbol's timeframes", async () => {
    await page.waitForFunction("document.querySelectorAll('#health tbody tr').length === 5");
    const rows = await page.locator('#health tbody tr').allTextContents();
    expect(rows.map((r) => r.slice(0, 4))).toEqual(['AAPL', 'AAPL', 'AAPL', 'AAPL', 'AAPL']);
    expect(await page.locator('#health tbody tr th').first().getAttribute('scope')).toBe('row');
  });

  test('an unknown symbol reads as an error message, not a blank page', async () => {
    await show('ZZZZ', 'd1');
    expect(await page.getAttribute('#chart', 'data-state')).toBe('error');
    expect(await page.getAttribute('#chart', 'data-bars')).toBe('0');
    expect(await page.locator('#message').textContent()).toBe('Symbol not found: ZZZZ');
    // Another symbol's ranks are not left standing beside the error.
    expect(await page.getAttribute('#ranks', 'data-count')).toBe('0');
    expect(await page.isVisible('#message')).toBe(true);
  });

  test('without a key, the 401 asks for one; the key entered loads the chart', async () => {
    await page.evaluate("localStorage.removeItem('marketfleet.apiKey')");
    await page.reload();
    await page.waitForSelector('#chart[data-state="error"]');
    expect(await page.locator('#message').textContent()).toMatch(/^A valid API key is needed \(an API key is required/);
    expect(await page.isVisible('#key-form')).toBe(true);
    await page.getByLabel('API key').fill(KEY);
    await page.getByRole('button', { name: 'Save key' }).click();
    await page.waitForSelector('#chart[data-state="ready"]');
    expect(await page.isHidden('#key-form')).toBe(true);
    expect(Number(await page.getAttribute('#chart', 'data-bars'))).toBeGreaterThan(0);
  });

  test('fits a narrow screen without scrolling sideways', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    await show('AAPL', 'd1');
    const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    expect(pageErrors).toEqual([]);
    // The whole walk-through ran under the policy without a refusal.
    expect(cspViolations).toEqual([]);
  });
});

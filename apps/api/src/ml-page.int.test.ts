// The models page end to end: the real app on a real port, a headless Chromium loading `/ml`.
import { addToWatchlist, ensureSymbols } from '@marketfleet/db';
import { marketClock } from '@marketfleet/market';
import { insertRows, performanceRow } from '@marketfleet/testing';
import type { Page } from 'playwright-core';
import { openBrowser, type Browser } from './testing/browser';
import { createTestDatabase, startTestApp, TEST_KEYS, type TestApp, type TestDatabase } from './testing/test-app';

// Wednesday 2024-07-10, 11:07 New York.
const NOW = new Date('2024-07-10T15:07:00Z');
const KEY = TEST_KEYS.app;
const WINDOW = marketClock.sessionsBetween('2024-04-01', '2024-07-10').map((s) => s.date).slice(-40);

let t: TestDatabase;
let h: TestApp;
let base: string;
let browser: Browser | undefined;
let page: Page;
let pageErrors: string[] = [];
let cspViolations: string[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  await addToWatchlist(t.database.db, ['AAA', 'BBB']);
  const ids = await ensureSymbols(t.database.db, ['AAA', 'BBB']);
  // 1D every session, hit rates wandering around 0.6; 1W every fifth session. Confidence in three bins.
  const rel = (): Array<[number, number, number]> =>
    Array.from({ length: 10 }, (_, b) => (b === 3 ? [10, 3.5, 4] : b === 5 ? [8, 4.4, 5] : b === 7 ? [2, 1.5, 2] : [0, 0, 0]));
  await insertRows(t.database, 'model_performance', WINDOW.flatMap((day, i) => {
    const hits = 10 + (i % 5);
    const rows = [
      performanceRow({ day, horizon: '1D', model: 'ensemble', symbolId: 0, n: 20, hits, ups: 10, reliability: rel() }),
      performanceRow({ day, horizon: '1D', model: 'naive', symbolId: 0, n: 20, hits: 10, ups: 10 }),
      performanceRow({ day, horizon: '1D', model: 'ensemble', symbolId: ids.get('AAA')!, n: 10, hits: hits - 4, ups: 5 }),
      performanceRow({ day, horizon: '1D', model: 'ensemble', symbolId: ids.get('BBB')!, n: 10, hits: 4, ups: 5 }),
    ];
    if (i % 5 === 0) rows.push(performanceRow({ day, horizon: '1W', model: 'ensemble', symbolId: 0, n: 20, hits: 9, ups: 11, reliability: rel() }));
    return rows;
  }));
  const at = (day: string) => `${day}T13:00:00Z`;
  await insertRows(t.database, 'model_weights', [
    { horizon: '1D', symbol_id: null, weights: { naive: 0.25, drift: 0.25, logistic: 0.25, ar1: 0.25 }, method: 'live-evidence', inputs: {}, effective_from: at('2024-01-02') },
    { horizon: '1D', symbol_id: null, weights: { naive: 0.1, drift: 0.2, logistic: 0.4, ar1: 0.3 }, method: 'live-evidence', inputs: {}, effective_from: at(WINDOW[15]!) },
    { horizon: '1D', symbol_id: null, weights: { naive: 0.05, drift: 0.15, logistic: 0.5, ar1: 0.3 }, method: 'live-evidence', inputs: {}, effective_from: at(WINDOW[30]!) },
  ]);
  await insertRows(t.database, 'feature_drift', [{
    symbol_id: ids.get('AAA'), timeframe: 'd1', checked_at: NOW.toISOString(), severity: 'high', drifted: true, reference_bars: 500, recent_bars: 60,
    tests: [{ name: 'returns', d: 0.4, p: 0.0001, psi: 0.3, severity: 'high', drifted: true }],
  }]);
  h = await startTestApp({ db: t, kind: 'postgres', now: NOW, key: null });
  base = await h.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await openBrowser({ width: 1280, height: 900 });
  ({ page, pageErrors, cspViolations } = browser);
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
  await t?.drop();
});

async function dashboard(query: string) {
  const res = await h.app.inject({ url: `/v1/ml-dashboard?${query}`, headers: { authorization: `Bearer ${KEY}` } });
  expect(res.statusCode).toBe(200);
  return res.json();
}

const ready = (extra = '') => page.waitForSelector(`#dashboard${extra}:is([data-state="ready"], [data-state="error"])`);

// One tab walks through the page in order: the key stored by the second test is used by the next ones.
describe('the models page', () => {
  test('is served without a key, under the page policy', async () => {
    const res = await h.app.inject({ url: '/ml' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(String(res.headers['content-security-policy'])).toContain("script-src 'self'");
    expect((await h.app.inject({ url: '/assets/ml.js' })).statusCode).toBe(200);
    expect((await h.app.inject({ url: '/v1/ml-dashboard' })).statusCode).toBe(401);
  });

  test('draws the accuracy trend per horizon with its base rate, as many points as the API returns', async () => {
    await page.goto(`${base}/ml#key=${KEY}`);
    await ready();
    expect(await page.getAttribute('#dashboard', 'data-state')).toBe('ready');
    expect(new URL(page.url()).hash).toBe('');
    const api = await dashboard('days=90');
    const points = api.trend.points.filter((p: { hitRate: number | null }) => p.hitRate !== null);
    expect(points.length).toBe(48);
    expect(Number(await page.getAttribute('#dashboard', 'data-trend-points'))).toBe(points.length);
    const lines = await page.locator('#trend path.hit').evaluateAll((els) => els.map((e) => [e.getAttribute('data-horizon'), Number(e.getAttribute('data-points')), (e.getAttribute('d') ?? '').split('L').length]));
    expect(lines).toEqual([['1D', 40, 40], ['1W', 8, 8]]);
    expect(await page.locator('#trend line.base').evaluateAll((els) => els.map((e) => e.getAttribute('data-horizon')))).toEqual(['1D', '1W']);
    // The 1D base rate (0.5) is drawn lower than its hit rate line's average (0.6): SVG y grows downwards.
    const baseY = Number(await page.locator('#trend line.base[data-horizon="1D"]').getAttribute('y1'));
    const hitYs = (await page.locator('#trend path.hit[data-horizon="1D"]').getAttribute('d'))!.split(/[ML]/).filter(Boolean).map((p) => Number(p.split(',')[1]));
    expect(hitYs.reduce((a, b) => a + b, 0) / hitYs.length).toBeLessThan(baseY);
  });

  test('the skill table gives each horizon its verdict against the base rate', async () => {
    const rows = await page.locator('#skill tbody tr').allTextContents();
    expect(rows).toHaveLength(6);
    const oneDay = rows.find((r) => r.startsWith('1D'))!;
    expect(oneDay).toContain('800');
    expect(oneDay).toMatch(/60\.0 %.*50\.0 %skill/);
    expect(rows.find((r) => r.startsWith('1W'))).toMatch(/^1W16045\.0 %.*55\.0 %no skill/);
    expect(rows.find((r) => r.startsWith('15m'))).toContain('too few');
    expect(await page.locator('#models tbody tr').count()).toBe(5);
    expect(await page.locator('#symbols tbody tr th').allTextContents()).toEqual(['AAA', 'BBB']);
    await expect(page.locator('#drifted').textContent()).resolves.toContain('AAA d1: high (returns)');
  });

  test('draws the reliability diagram: one dot per non-empty bin where said meets came true', async () => {
    const api = await dashboard('days=90');
    const all = api.reliability.find((r: { horizon: string }) => r.horizon === 'all');
    const filled = all.bins.filter((b: { count: number }) => b.count > 0);
    expect(filled).toHaveLength(3);
    const dots = await page.locator('#reliability circle.bin').evaluateAll((els) =>
      els.map((e) => [Number(e.getAttribute('data-predicted')), Number(e.getAttribute('data-observed')), Number(e.getAttribute('data-count'))]));
    expect(dots).toEqual(filled.map((b: { meanPredicted: number; observedFrequency: number; count: number }) => [b.meanPredicted, b.observedFrequency, b.count]));
    expect(await page.locator('#reliability line.diagonal').count()).toBe(1);
  });

  test('draws the weights over time: a step line per model through every change in the window', async () => {
    const lines = await page.locator('#weights path.weight').evaluateAll((els) => els.map((e) => [e.getAttribute('data-model'), e.getAttribute('data-changes')]));
    expect(lines).toEqual([['naive', '3'], ['drift', '3'], ['logistic', '3'], ['ar1', '3']]);
    // logistic rises 0.25 → 0.4 → 0.5: its last point sits highest (smallest y) of its path.
    const ys = (await page.locator('#weights path.weight[data-model="logistic"]').getAttribute('d'))!.split(/[ML]/).filter(Boolean).map((p) => Number(p.split(',')[1]));
    expect(ys.at(-1)).toBe(Math.min(...ys));
    expect(ys[0]).toBe(Math.max(...ys));
  });

  test('one horizon at a time', async () => {
    await page.getByLabel('Horizon', { exact: true }).selectOption('1W');
    await ready('[data-horizon="1W"]');
    expect(await page.locator('#trend path.hit').count()).toBe(1);
    expect(await page.getAttribute('#dashboard', 'data-trend-points')).toBe('8');
    expect(await page.locator('#skill tbody tr').count()).toBe(2);
  });

  test('an unknown symbol reads as the API’s message', async () => {
    await page.getByLabel('Symbol (empty: all)').fill('zzzz');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForSelector('#dashboard[data-state="error"]');
    expect(await page.locator('#message').textContent()).toBe('Symbol not found: ZZZZ');
    await page.getByLabel('Symbol (empty: all)').fill('AAA');
    await page.getByRole('button', { name: 'Show' }).click();
    await ready('[data-symbol="AAA"]');
    expect(await page.getAttribute('#dashboard', 'data-state')).toBe('ready');
  });

  test('without a key, the 401 asks for one', async () => {
    await page.evaluate("localStorage.removeItem('marketfleet.apiKey')");
    await page.reload();
    await page.waitForSelector('#dashboard[data-state="error"]');
    expect(await page.locator('#message').textContent()).toMatch(/^A valid API key is needed/);
    await page.getByLabel('API key').fill(KEY);
    await page.getByRole('button', { name: 'Save key' }).click();
    await page.waitForSelector('#dashboard[data-state="ready"]');
  });

  test('fits a narrow screen without scrolling sideways, with no errors and no policy refusals', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    await page.reload();
    await ready();
    const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    expect(pageErrors).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
});

// The chart page: one symbol × timeframe from /v1/chart (with its ranked options), its coverage gaps
// (/v1/coverage) and the data-health rows (/v1/data-health). Plain DOM, no framework, so there is nothing to build.
import { $, api, ApiError, askForKey, describe, missingRoute, showMessage, startPage } from './api-client.js';

const LC = window.LightweightCharts;
const NY = 'America/New_York';
const INTRADAY = new Set(['m15', 'h1', 'h4']);
// Enough candles to read at 1280 px; older bars are a scroll away.
const VISIBLE_BARS = 200;
const UP = '#26a69a';
const DOWN = '#ef5350';

const chartEl = $('chart');
// Without the library there is no chart, but the page still says why rather than staying blank.
if (!LC) {
  showMessage('The chart library did not load (/vendor/lightweight-charts.js). Reload the page.');
  throw new Error('lightweight-charts is missing');
}

// ---- time: lightweight-charts draws every time as UTC and has no time-zone option, so each UTC
// instant is shifted by New York's offset at that instant; the axis then reads New York time.

const nyParts = new Intl.DateTimeFormat('en-US', {
  timeZone: NY, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
});
const nyText = new Intl.DateTimeFormat('en-US', { timeZone: NY, dateStyle: 'medium', timeStyle: 'short' });

function chartTime(iso) {
  const p = Object.fromEntries(nyParts.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute) / 1000;
}
/** The New York date (YYYY-MM-DD) of a shifted chart time. */
const nyDay = (t) => new Date(t * 1000).toISOString().slice(0, 10);
const showTime = (iso) => (iso ? `${nyText.format(new Date(iso))} ET` : 'none');

// ---- chart

const chart = LC.createChart(chartEl, {
  autoSize: true,
  layout: { background: { color: '#ffffff' }, textColor: '#1f2933' },
  grid: { vertLines: { color: '#eef1f4' }, horzLines: { color: '#eef1f4' } },
  rightPriceScale: { scaleMargins: { top: 0.08, bottom: 0.25 } },
});
const candles = chart.addSeries(LC.CandlestickSeries, {
  upColor: UP, downColor: DOWN, borderVisible: false, wickUpColor: UP, wickDownColor: DOWN,
});
// Volume on its own scale, squeezed into the bottom fifth under the candles.
const volume = chart.addSeries(LC.HistogramSeries, {
  priceScaleId: 'volume', priceFormat: { type: 'volume' }, lastValueVisible: false, priceLineVisible: false,
});
chart.priceScale('volume').applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
const bandStyle = { color: '#7e57c2', lineWidth: 1, lineStyle: LC.LineStyle.Dotted, lastValueVisible: false, priceLineVisible: false };
const forecastLine = chart.addSeries(LC.LineSeries, { ...bandStyle, lineWidth: 2, lineStyle: LC.LineStyle.Dashed, title: 'forecast' });
const lowerLine = chart.addSeries(LC.LineSeries, bandStyle);
const upperLine = chart.addSeries(LC.LineSeries, bandStyle);
const gapMarkers = LC.createSeriesMarkers(candles, []);

function setChartState(state, extra = {}) {
  chartEl.dataset.state = state;
  for (const [k, v] of Object.entries(extra)) chartEl.dataset[k] = String(v);
}

function clearChart() {
  for (const s of [candles, volume, forecastLine, lowerLine, upperLine]) s.setData([]);
  gapMarkers.setMarkers([]);
}

function drawChart(body) {
  const bars = body.bars.map((b) => ({ ...b, time: chartTime(b.ts) }));
  chart.applyOptions({ timeScale: { timeVisible: INTRADAY.has(body.timeframe), secondsVisible: false } });
  candles.setData(bars.map(({ time, open, high, low, close }) => ({ time, open, high, low, close })));
  volume.setData(bars.map(({ time, volume: value, open, close }) => ({
    time, value, color: close >= open ? 'rgba(38, 166, 154, 0.45)' : 'rgba(239, 83, 80, 0.45)',
  })));
  const points = (body.forecast?.points ?? []).map((p) => ({ ...p, time: chartTime(p.ts) })).sort((a, b) => a.time - b.time);
  // The path and its band start from the last close, so they read as its continuation.
  const last = bars[bars.length - 1];
  if (points.length > 0 && last && last.time < points[0].time) {
    points.unshift({ time: last.time, value: last.close, lower: last.close, upper: last.close });
  }
  forecastLine.setData(points.map(({ time, value }) => ({ time, value })));
  lowerLine.setData(points.map(({ time, lower }) => ({ time, value: lower })));
  upperLine.setData(points.map(({ time, upper }) => ({ time, value: upper })));
  gapMarkers.setMarkers([]);
  const n = bars.length + points.length;
  if (n > VISIBLE_BARS) chart.timeScale().setVisibleLogicalRange({ from: n - VISIBLE_BARS, to: n + 2 });
  else chart.timeScale().fitContent();
  return { times: bars.map((b) => b.time), forecastPoints: body.forecast?.points.length ?? 0 };
}

/**
 * One marker per gap that overlaps the drawn bars, on the first bar after it (the gap has no bar
 * of its own to mark), or on the last bar before it when the gap runs to the end.
 */
function markGaps(gaps, times) {
  if (times.length === 0) return;
  const first = nyDay(times[0]);
  const last = nyDay(times[times.length - 1]);
  const markers = [];
  for (const g of gaps) {
    if (g.to < first || g.from > last) continue;
    const after = times.find((t) => nyDay(t) > g.to);
    const before = times.findLast((t) => nyDay(t) < g.from);
    const time = after ?? before;
    if (time === undefined) continue;
    markers.push({ time, position: 'aboveBar', shape: 'arrowDown', color: '#f59e0b', text: `gap: ${g.missingBars} missing` });
  }
  gapMarkers.setMarkers(markers.sort((a, b) => a.time - b.time));
}

// ---- meta and health

function renderMeta(entries) {
  const dl = $('meta');
  dl.replaceChildren();
  for (const [term, value] of entries) {
    const dt = document.createElement('dt');
    dt.textContent = term;
    const dd = document.createElement('dd');
    dd.textContent = value;
    dl.append(dt, dd);
  }
}

const minutes = (m) => (m < 120 ? `${m} min` : m < 2880 ? `${Math.round(m / 60)} h` : `${Math.round(m / 1440)} d`);

function metaEntries(body) {
  const { meta, freshness, forecast } = body;
  const age = freshness.ageMinutes === null
    ? 'no bars yet'
    : `${minutes(freshness.ageMinutes)} old: ${
      !freshness.isWithinSla
        ? `outside the ${minutes(freshness.slaMinutes)} target`
        : freshness.ageMinutes <= freshness.slaMinutes
          ? `within the ${minutes(freshness.slaMinutes)} target`
          // Older than the target yet within it: no bar has closed since (a night, a weekend, a holiday).
          : 'current, no bar has closed since'
    }`;
  const entries = [
    ['Data status', meta.dataStatus],
    ['Freshness', age],
    ['Last bar', showTime(meta.lastBarTs)],
    ['Market', meta.isMarketOpen ? 'open' : 'closed'],
    ['Bars drawn', String(meta.totalBars)],
    ['Forecast', forecast
      ? `${forecast.label}, ${Math.round(forecast.confidence * 100)}% confidence, ${forecast.horizon} (run ${showTime(forecast.runAt)})`
      : 'none'],
  ];
  if (meta.hasPendingSplits) entries.push(['Pending split', meta.pendingSplitInfo ?? 'yes']);
  return entries;
}

function renderHealth(rows) {
  const tbody = $('health').tBodies[0];
  tbody.replaceChildren();
  for (const r of rows) {
    const tr = document.createElement('tr');
    const cells = [
      r.symbol, r.timeframe, r.overallHealth,
      r.freshness.ageHours === null ? '–' : r.freshness.ageHours.toFixed(1),
      r.freshness.isStale ? 'yes' : 'no',
      `${r.coverage.actualBars} / ${r.coverage.expectedBars}`,
      String(r.coverage.gaps), String(r.jobs.failedJobsLast24h),
    ];
    cells.forEach((text, i) => {
      const td = document.createElement(i === 0 ? 'th' : 'td');
      if (i === 0) td.scope = 'row';
      td.textContent = text;
      if (i === 2) td.className = `health-${r.overallHealth}`;
      tr.append(td);
    });
    tbody.append(tr);
  }
}

// ---- ranked options: the chart response's optionsRanks, the latest ranking run's top 10

const percent = (x) => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(1)}%`);
const fixed = (x, digits) => (x === null || x === undefined ? '–' : x.toFixed(digits));
const count = (x) => (x === null || x === undefined ? '–' : Math.round(x).toLocaleString('en-US'));
const shortDate = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric', year: '2-digit' });

function renderRanks(symbol, ranks) {
  const table = $('ranks');
  const tbody = table.tBodies[0];
  tbody.replaceChildren();
  for (const r of ranks) {
    const tr = document.createElement('tr');
    const name = document.createElement('th');
    name.scope = 'row';
    const side = document.createElement('span');
    side.className = `side-${r.side}`;
    side.textContent = r.side === 'call' ? 'C' : 'P';
    // Expiries are dates: shown as the date itself, not shifted into a time zone.
    name.append(`${shortDate.format(new Date(`${r.expiry}T00:00:00Z`))} ${r.strike} `, side);
    tr.append(name);
    for (const text of [String(Math.round(r.mlScore * 100)), percent(r.impliedVol), fixed(r.delta, 2), count(r.openInterest), count(r.volume)]) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    tbody.append(tr);
  }
  table.dataset.count = String(ranks.length);
  const runAt = ranks[0]?.runAt;
  $('ranks-message').textContent = ranks.length > 0
    ? `Top ${ranks.length} of the ranking run ${showTime(runAt)}.`
    : symbol ? `No option ranking for ${symbol} yet.` : 'No ranking loaded.';
}

function healthNote(text) {
  $('health-message').textContent = text;
  $('health-message').hidden = !text;
}

// ---- loading

let inFlight = null;

async function load() {
  inFlight?.abort();
  const ctl = new AbortController();
  inFlight = ctl;
  const form = new FormData($('controls'));
  const symbol = String(form.get('symbol')).trim().toUpperCase();
  const timeframe = String(form.get('timeframe'));
  const q = new URLSearchParams({ symbol, timeframe });
  setChartState('loading');
  showMessage('');
  try {
    const body = await api(`/v1/chart?${q}&adjustment=${form.get('adjustment')}`, ctl.signal);
    const { times, forecastPoints } = drawChart(body);
    const entries = metaEntries(body);
    renderMeta(entries);
    renderRanks(body.symbol, body.optionsRanks ?? []);
    setChartState('ready', { bars: times.length, forecastPoints, symbol: body.symbol, timeframe: body.timeframe });
    if (times.length === 0) showMessage(`No ${timeframe} bars are stored for ${body.symbol} in this range yet.`, 'info');
    await Promise.all([loadCoverage(q, ctl.signal, times, entries), loadHealth(symbol, ctl.signal)]);
  } catch (err) {
    if (err.name === 'AbortError') return;
    clearChart();
    renderMeta([]);
    renderRanks(null, []);
    renderHealth([]);
    setChartState('error', { bars: 0, forecastPoints: 0, symbol, timeframe });
    showMessage(err instanceof ApiError ? describe(err) : `Something went wrong: ${err.message}`);
    if (err.status === 401 || err.status === 403) askForKey();
  }
}

async function loadCoverage(q, signal, times, entries) {
  try {
    const cov = await api(`/v1/coverage?${q}`, signal);
    markGaps(cov.gaps, times);
    renderMeta([...entries, ['Coverage', `${cov.storedBars} of ${cov.expectedBars} bars, ${cov.gaps.length} gap${cov.gaps.length === 1 ? '' : 's'}`]]);
  } catch (err) {
    // Gaps are an extra: without the coverage route (or on its failure) the chart stands as drawn.
    if (err.name === 'AbortError' || err.status === 404) return;
    renderMeta([...entries, ['Coverage', `unavailable (${err.message})`]]);
  }
}

async function loadHealth(symbol, signal) {
  try {
    const body = await api(`/v1/data-health?symbol=${encodeURIComponent(symbol)}`, signal);
    renderHealth(body.healthStatuses);
    healthNote(body.healthStatuses.length ? '' : `No health checks for ${symbol} yet.`);
  } catch (err) {
    if (err.name === 'AbortError') return;
    renderHealth([]);
    healthNote(missingRoute(err) ? 'Data health is not available on this server.' : describe(err));
  }
}

startPage(load, ['timeframe', 'adjustment']);

// The models page: GET /v1/ml-dashboard drawn as tables and three SVG plots (accuracy over time
// with the base rate, the reliability diagram, the weights over time). Plain DOM and SVG built
// through the DOM, so nothing is built and nothing inline runs under the page's CSP.
import { $, api, ApiError, askForKey, describe, showMessage, startPage } from './api-client.js';

const SVG = 'http://www.w3.org/2000/svg';
const COLORS = { '1D': '#2563eb', '1W': '#7e57c2', '1M': '#0f766e', '15m': '#d97706', '1h': '#db2777' };
const MODEL_COLORS = { naive: '#64748b', drift: '#d97706', logistic: '#2563eb', ar1: '#0f766e' };
const dashboardEl = $('dashboard');

function svg(tag, attrs = {}, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

const pct = (x, digits = 1) => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(digits)} %`);
const num = (x, digits = 3) => (x === null || x === undefined ? '–' : x.toFixed(digits));
const interval = (f) => (f.hitRate === null ? '–' : `${pct(f.hitRate)} [${pct(f.interval.lower)}, ${pct(f.interval.upper)}]`);

function setState(state, extra = {}) {
  dashboardEl.dataset.state = state;
  for (const [k, v] of Object.entries(extra)) dashboardEl.dataset[k] = String(v);
}

// ---- tables

function fillTable(id, rows) {
  const tbody = $(id).tBodies[0];
  tbody.replaceChildren();
  for (const cells of rows) {
    const tr = document.createElement('tr');
    cells.forEach((cell, i) => {
      const td = document.createElement(i === 0 ? 'th' : 'td');
      if (i === 0) td.scope = 'row';
      const { text, className } = typeof cell === 'object' && cell !== null ? cell : { text: String(cell) };
      td.textContent = text;
      if (className) td.className = className;
      tr.append(td);
    });
    tbody.append(tr);
  }
}

const verdictCell = (v) => ({ text: v, className: `verdict-${v.replace(' ', '-')}` });

function renderTables(body) {
  fillTable('skill', [...body.horizons, { ...body.overall, horizon: 'All' }].map((h) => [
    h.horizon, h.n, interval(h), pct(h.baseRate), verdictCell(h.verdict), num(h.mase), pct(h.coverage80), pct(h.coverage95), num(h.brierSkill),
  ]));
  fillTable('models', body.models.map((m) => [m.model, m.n, interval(m), verdictCell(m.verdict), num(m.mase), num(m.brierSkill)]));
  const seen = new Set();
  const ranked = [...body.symbols.top, ...body.symbols.bottom].filter((s) => !seen.has(s.symbol) && seen.add(s.symbol));
  fillTable('symbols', ranked.map((s) => [s.symbol, s.n, interval(s), pct(s.baseRate), verdictCell(s.verdict)]));
  $('symbols-note').textContent =
    `${body.symbols.ranked} symbols with at least ${body.window.minEvaluations} evaluations ranked by hit rate` +
    (body.symbols.tooFew ? `; ${body.symbols.tooFew} with fewer are left out.` : '.');
  fillTable('ops', body.quality.map((q) => {
    const drift = body.drift.byTimeframe.find((d) => d.timeframe === q.timeframe);
    const stale = body.freshness.filter((f) => f.timeframe === q.timeframe).reduce((a, f) => a + f.stale, 0);
    const expected = body.freshness.filter((f) => f.timeframe === q.timeframe).reduce((a, f) => a + f.expected, 0);
    const findings = Object.entries(q.openFindings).map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
    return [q.timeframe, `${drift?.drifted ?? 0} of ${drift?.checked ?? 0}`, `${stale} of ${expected}`, `${q.withBars} of ${q.series}`, q.staleBars, findings];
  }));
  $('drifted').replaceChildren(...body.drift.series.map((d) => {
    const li = document.createElement('li');
    li.textContent = `${d.symbol} ${d.timeframe}: ${d.severity} (${d.drifted.map((t) => t.name).join(', ') || 'no test drifted'})`;
    return li;
  }));
  const w = body.window;
  $('window-note').textContent =
    `${w.symbol ?? 'All symbols'}, ${w.horizon ?? 'every horizon'}: the ${w.sessions} sessions from ${w.from} to ${w.to}.`;
}

// ---- plots: a frame with axes in a viewBox, data mapped into it

function frame(el, { width, height, left = 40, right = 10, top = 10, bottom = 28, yMin, yMax, yTicks, yFormat }) {
  el.replaceChildren();
  const box = { x0: left, x1: width - right, y0: height - bottom, y1: top };
  const y = (v) => box.y0 - ((v - yMin) / (yMax - yMin)) * (box.y0 - box.y1);
  for (const t of yTicks) {
    el.append(svg('line', { x1: box.x0, x2: box.x1, y1: y(t), y2: y(t), stroke: '#eef1f4' }));
    el.append(svg('text', { x: box.x0 - 4, y: y(t) + 4, 'text-anchor': 'end' }, yFormat(t)));
  }
  el.append(svg('line', { x1: box.x0, x2: box.x0, y1: box.y0, y2: box.y1, stroke: '#9aa5b1' }));
  el.append(svg('line', { x1: box.x0, x2: box.x1, y1: box.y0, y2: box.y0, stroke: '#9aa5b1' }));
  return { box, y };
}

function legend(id, entries) {
  $(id).replaceChildren(...entries.map(([label, color, dashed]) => {
    const li = document.createElement('li');
    const sw = svg('svg', { width: 18, height: 10, 'aria-hidden': 'true' });
    sw.append(svg('line', { x1: 0, x2: 18, y1: 5, y2: 5, stroke: color, 'stroke-width': 3, ...(dashed ? { 'stroke-dasharray': '4 3' } : {}) }));
    li.append(sw, ` ${label}`);
    return li;
  }));
}

const pathOf = (pts) => pts.map(([x, y], i) => `${i ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`).join(' ');

function drawTrend(trend) {
  const el = $('trend');
  const periods = [...new Set(trend.points.map((p) => p.period))].sort();
  const rates = trend.points.filter((p) => p.hitRate !== null).map((p) => p.hitRate);
  const lo = Math.max(0, Math.floor((Math.min(0.4, ...rates) - 0.05) * 10) / 10);
  const hi = Math.min(1, Math.ceil((Math.max(0.6, ...rates) + 0.05) * 10) / 10);
  const ticks = [];
  for (let t = lo; t <= hi + 1e-9; t += 0.1) ticks.push(Math.round(t * 10) / 10);
  const { box, y } = frame(el, { width: 720, height: 260, yMin: lo, yMax: hi, yTicks: ticks, yFormat: (t) => `${Math.round(t * 100)}%` });
  const x = (period) => box.x0 + (periods.length <= 1 ? (box.x1 - box.x0) / 2 : (periods.indexOf(period) / (periods.length - 1)) * (box.x1 - box.x0));
  if (periods.length > 0) {
    el.append(svg('text', { x: box.x0, y: box.y0 + 18 }, periods[0]));
    el.append(svg('text', { x: box.x1, y: box.y0 + 18, 'text-anchor': 'end' }, periods[periods.length - 1]));
  }
  const horizons = [...new Set(trend.points.map((p) => p.horizon))];
  for (const b of trend.baseRates) {
    if (b.baseRate === null || !horizons.includes(b.horizon)) continue;
    el.append(svg('line', {
      class: 'base', 'data-horizon': b.horizon, x1: box.x0, x2: box.x1, y1: y(b.baseRate), y2: y(b.baseRate),
      stroke: COLORS[b.horizon] ?? '#333', 'stroke-dasharray': '5 4', 'stroke-width': 1.5,
    }));
  }
  for (const h of horizons) {
    const pts = trend.points.filter((p) => p.horizon === h && p.hitRate !== null).map((p) => [x(p.period), y(p.hitRate)]);
    el.append(svg('path', { class: 'hit', 'data-horizon': h, 'data-points': pts.length, d: pathOf(pts), fill: 'none', stroke: COLORS[h] ?? '#333', 'stroke-width': 2 }));
  }
  $('trend-bucket').textContent = trend.bucket;
  legend('trend-legend', horizons.flatMap((h) => [[`${h} hit rate`, COLORS[h] ?? '#333', false], [`${h} base rate`, COLORS[h] ?? '#333', true]]));
  return trend.points.filter((p) => p.hitRate !== null).length;
}

function drawReliability(table) {
  const el = $('reliability');
  const ticks = [0, 0.2, 0.4, 0.6, 0.8, 1];
  const { box, y } = frame(el, { width: 320, height: 320, yMin: 0, yMax: 1, yTicks: ticks, yFormat: (t) => t.toFixed(1) });
  const x = (v) => box.x0 + v * (box.x1 - box.x0);
  for (const t of ticks) el.append(svg('text', { x: x(t), y: box.y0 + 16, 'text-anchor': 'middle' }, t.toFixed(1)));
  el.append(svg('line', { class: 'diagonal', x1: x(0), y1: y(0), x2: x(1), y2: y(1), stroke: '#9aa5b1', 'stroke-dasharray': '4 4' }));
  const bins = (table?.bins ?? []).filter((b) => b.count > 0);
  const biggest = Math.max(1, ...bins.map((b) => b.count));
  el.append(svg('path', { d: pathOf(bins.map((b) => [x(b.meanPredicted), y(b.observedFrequency)])), fill: 'none', stroke: '#2563eb', 'stroke-width': 1.5 }));
  for (const b of bins) {
    const dot = svg('circle', {
      class: 'bin', cx: x(b.meanPredicted), cy: y(b.observedFrequency), r: 3 + 6 * Math.sqrt(b.count / biggest), fill: '#2563eb', 'fill-opacity': 0.7,
      'data-predicted': b.meanPredicted, 'data-observed': b.observedFrequency, 'data-count': b.count,
    });
    dot.append(svg('title', {}, `said ${pct(b.meanPredicted)}, came true ${pct(b.observedFrequency)} of ${b.count}`));
    el.append(dot);
  }
  return bins.length;
}

function drawWeights(weights, horizon, span) {
  const el = $('weights');
  const rows = weights.history.filter((w) => w.horizon === horizon && w.scope === weights.scopeShown);
  const { box, y } = frame(el, { width: 400, height: 320, yMin: 0, yMax: 1, yTicks: [0, 0.25, 0.5, 0.75, 1], yFormat: (t) => t.toFixed(2) });
  const times = rows.map((r) => Date.parse(r.effectiveFrom));
  // The window's span on the server's clock, not the browser's; the row in force at its start is drawn from there.
  const end = Date.parse(span.checkedAt);
  const start = Math.min(Date.parse(`${span.from}T00:00:00Z`), end - 86_400_000);
  const x = (t) => box.x0 + ((Math.max(t, start) - start) / (end - start)) * (box.x1 - box.x0);
  // In the ensemble's own order (JSON objects from the database come back with their keys sorted otherwise).
  const named = new Set(rows.flatMap((r) => Object.keys(r.weights)));
  const models = [...Object.keys(MODEL_COLORS).filter((m) => named.has(m)), ...[...named].filter((m) => !(m in MODEL_COLORS))];
  el.append(svg('text', { x: box.x0, y: box.y0 + 18 }, span.from));
  el.append(svg('text', { x: box.x1, y: box.y0 + 18, 'text-anchor': 'end' }, span.to));
  for (const m of models) {
    // A step line: a weight holds until the next change.
    const pts = [];
    rows.forEach((r, i) => {
      const v = y(r.weights[m] ?? 0);
      if (i > 0) pts.push([x(times[i]), pts[pts.length - 1][1]]);
      pts.push([x(times[i]), v]);
    });
    if (pts.length) pts.push([x(end), pts[pts.length - 1][1]]);
    el.append(svg('path', { class: 'weight', 'data-model': m, 'data-changes': rows.length, d: pathOf(pts), fill: 'none', stroke: MODEL_COLORS[m] ?? '#333', 'stroke-width': 2 }));
  }
  legend('weights-legend', models.map((m) => [m, MODEL_COLORS[m] ?? '#333', false]));
  $('weights-note').textContent = rows.length
    ? `${horizon}, ${weights.scopeShown === 'symbol' ? 'this symbol’s own' : 'every symbol’s'} weights: ${rows.length} row${rows.length === 1 ? '' : 's'} in the window.`
    : `No ${horizon} weights recorded: the ensemble weighs its models equally.`;
  return models.length;
}

// ---- loading

let inFlight = null;

async function load() {
  inFlight?.abort();
  const ctl = new AbortController();
  inFlight = ctl;
  const form = new FormData($('controls'));
  const q = new URLSearchParams({ days: String(form.get('days')) });
  const symbol = String(form.get('symbol')).trim().toUpperCase();
  const horizon = String(form.get('horizon'));
  if (symbol) q.set('symbol', symbol);
  if (horizon) q.set('horizon', horizon);
  setState('loading');
  showMessage('');
  try {
    const body = await api(`/v1/ml-dashboard?${q}`, ctl.signal);
    renderTables(body);
    const trendPoints = drawTrend(body.trend);
    const rel = body.reliability.find((r) => r.horizon === (horizon || 'all'));
    const bins = drawReliability(rel);
    const shownHorizon = horizon || body.weights.current[0]?.horizon || body.horizons[0]?.horizon || '1D';
    const scopeShown = body.weights.history.some((w) => w.scope === 'symbol' && w.horizon === shownHorizon) ? 'symbol' : 'horizon';
    const models = drawWeights({ ...body.weights, scopeShown }, shownHorizon, body.window);
    setState('ready', { trendPoints, bins, weightModels: models, symbol: body.window.symbol ?? '', horizon: body.window.horizon ?? '' });
    if (body.overall.n === 0) showMessage('No forecasts have been evaluated in this window yet.', 'info');
  } catch (err) {
    if (err.name === 'AbortError') return;
    setState('error', { trendPoints: 0, bins: 0, weightModels: 0 });
    showMessage(err instanceof ApiError ? describe(err) : `Something went wrong: ${err.message}`);
    if (err.status === 401 || err.status === 403) askForKey();
  }
}

startPage(load, ['horizon', 'days']);

// The alert rules pass promtool's checks and unit tests (one test at least per alert), and
// every metric the rules and the dashboard name is one the code registers with prom-client
// (found by scanning the sources, so a new metric only needs registering in code), one
// kube-state-metrics exports (the dependency infra/README.md states) or Prometheus's own `up`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const PROMETHEUS = join(ROOT, 'infra', 'prometheus');
const DASHBOARD = join(ROOT, 'infra', 'grafana', 'dashboards', 'marketfleet.json');

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
}
const rules = (parse(readFileSync(join(PROMETHEUS, 'rules.yaml'), 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules);

function promtool(args: string[]) {
  const res = spawnSync('promtool', args, { cwd: PROMETHEUS, encoding: 'utf8' });
  if (res.error) throw new Error(`promtool is missing (npm test installs Debian's prometheus package): ${res.error.message}`);
  return res;
}

test('promtool check rules accepts rules.yaml', () => {
  const res = promtool(['check', 'rules', 'rules.yaml']);
  expect({ status: res.status, out: res.stdout + res.stderr }).toEqual({ status: 0, out: expect.stringContaining('SUCCESS') });
});

test('promtool test rules passes, with a test for every alert', () => {
  const tests = parse(readFileSync(join(PROMETHEUS, 'rules.test.yaml'), 'utf8')) as {
    tests: { alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[];
  };
  const firing = new Set(tests.tests.flatMap((t) => t.alert_rule_test.filter((a) => a.exp_alerts.length > 0).map((a) => a.alertname)));
  const alerts = rules.flatMap((r) => (r.alert ? [r.alert] : []));
  expect(alerts.filter((a) => !firing.has(a))).toEqual([]);
  const res = promtool(['test', 'rules', 'rules.test.yaml']);
  expect({ status: res.status, out: res.stdout + res.stderr }).toEqual({ status: 0, out: expect.stringContaining('SUCCESS') });
});

const FUNCTIONS_AND_KEYWORDS = new Set(
  (
    'sum min max avg count stddev stdvar topk bottomk quantile count_values group by without on ignoring group_left group_right and or unless bool offset ' +
    'rate irate increase delta idelta deriv predict_linear histogram_quantile absent absent_over_time vector scalar time hour minute day_of_week ' +
    'label_replace label_join clamp_min clamp_max abs ceil floor round sort sort_desc changes resets avg_over_time max_over_time min_over_time ' +
    'sum_over_time count_over_time last_over_time label_values query_result inf nan'
  ).split(' '),
);

/** Metric names in a PromQL expression: what is left once strings, label matchers, grouping lists, ranges and functions are out. */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\$\w+/g, ' ')
    // Grafana's label_values(metric, label): the second argument is a label.
    .replace(/label_values\(([^,)]*),\s*\w+\s*\)/g, ' $1 ');
  const names = [...bare.matchAll(/(?<![\w.:])([a-zA-Z_:][\w:]*)(?![\w:])(?!\s*\()/g)].map((m) => m[1]!);
  return [...new Set(names.filter((n) => !FUNCTIONS_AND_KEYWORDS.has(n) && !/^\d/.test(n)))];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.parentPath.includes('node_modules'))
    .map((e) => join(e.parentPath, e.name));
}

/**
 * Every `marketfleet_*` name a file that registers metrics mentions, in the apps and packages (test
 * support aside): files that use prom-client, the runtime's `counter`/`histogram`/`gauge`, or the
 * api's `sourcedGauge`.
 */
function registeredMetrics(): { names: Set<string>; defaultMetrics: boolean } {
  const names = new Set<string>();
  let defaultMetrics = false;
  const roots = ['apps', 'packages']
    .flatMap((d) => readdirSync(join(ROOT, d)).filter((p) => p !== 'testing').map((p) => join(ROOT, d, p, 'src')))
    .filter((dir) => existsSync(dir));
  for (const file of roots.flatMap(sourceFiles)) {
    const text = readFileSync(file, 'utf8');
    const registers =
      /from 'prom-client'/.test(text) || /\b(counter|histogram|gauge)\b[^;]*from '@marketfleet\/runtime'/.test(text) || /\bsourcedGauge\b[^;]*from '\.\/store-metrics'/.test(text);
    if (!registers) continue;
    if (/collectDefaultMetrics\(/.test(text)) defaultMetrics = true;
    for (const m of text.matchAll(/['"`](marketfleet_[a-z0-9_]+)['"`]/g)) names.add(m[1]!);
  }
  return { names, defaultMetrics };
}

function dashboardExprs(): string[] {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as {
    panels: { targets?: { expr?: string }[]; panels?: { targets?: { expr?: string }[] }[] }[];
    templating?: { list?: { type?: string; query?: string | { query?: string } }[] };
  };
  const panels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
  const variables = (dashboard.templating?.list ?? []).filter((v) => v.type === 'query').map((v) => (typeof v.query === 'string' ? v.query : v.query?.query ?? ''));
  return [...panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr ?? '')), ...variables].filter(Boolean);
}

/** Why a name is fine, or undefined when nothing provides it. */
function provider(name: string, registered: ReturnType<typeof registeredMetrics>, recorded: Set<string>): string | undefined {
  if (name.includes(':')) return recorded.has(name) ? 'recording rule' : undefined;
  if (name === 'up') return 'Prometheus';
  if (name.startsWith('kube_')) return 'kube-state-metrics';
  if (/^(process|nodejs)_/.test(name)) return registered.defaultMetrics ? 'prom-client default metrics' : undefined;
  const base = name.replace(/_(bucket|sum|count)$/, '');
  return registered.names.has(name) || registered.names.has(base) ? 'the code' : undefined;
}

test('the name scan finds metrics and rejects what nobody registers', () => {
  expect(metricNames('sum by (namespace, le) (rate(marketfleet_x_bucket{route!~"/a|b"}[5m])) / on (a) marketfleet:y:rate5m > 0')).toEqual([
    'marketfleet_x_bucket',
    'marketfleet:y:rate5m',
  ]);
  const registered = registeredMetrics();
  expect(registered.names.size).toBeGreaterThan(5);
  expect(provider('marketfleet_nobody_registers_this_total', registered, new Set())).toBeUndefined();
  expect(provider('marketfleet:not_recorded', registered, new Set())).toBeUndefined();
});

test('every metric the rules and the dashboard name is registered somewhere', () => {
  const registered = registeredMetrics();
  const recorded = new Set(rules.flatMap((r) => (r.record ? [r.record] : [])));
  const used = [...rules.map((r) => ['rules.yaml', r.expr] as const), ...dashboardExprs().map((e) => ['marketfleet.json', e] as const)];
  const unknown = used.flatMap(([where, expr]) => metricNames(expr).filter((n) => !provider(n, registered, recorded)).map((n) => `${where}: ${n}`));
  expect(unknown).toEqual([]);
  // The new alerts' metrics are among them.
  const names = new Set(used.flatMap(([, e]) => metricNames(e)));
  for (const n of ['marketfleet_alerts_open', 'marketfleet_provider_quota_wait_seconds_total', 'marketfleet_bars_quarantined_total', 'marketfleet_quality_findings_open']) {
    expect(names).toContain(n);
  }
});

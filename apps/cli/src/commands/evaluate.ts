import { evaluateSeries, EvaluationInputError, FIT_TASKS, type HorizonEvaluation } from '@marketfleet/forecasting';
import { marketClock, nyWallTime } from '@marketfleet/market';
import { horizonsOf, isHorizon, type EvaluationSummary } from '@marketfleet/ml';
import { inlinePool } from '@marketfleet/runtime';
import { date, parse, required, ticker, timeframe, UsageError } from '../args';
import type { Context } from '../context';

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

function describe(symbol: string, timeframe: string, e: HorizonEvaluation): string[] {
  const s: EvaluationSummary | null = e.summary;
  const head = `${symbol} ${timeframe} ${e.horizon}`;
  if (!s) return [`${head}: too little history to evaluate`];
  const range = `${e.first!.toISOString().slice(0, 10)}..${e.last!.toISOString().slice(0, 10)}`;
  const lines = [
    `${head}  ${range}  n=${s.n}`,
    `  direction    hit ${pct(s.hitRate.p)} [${pct(s.hitRate.lower)}, ${pct(s.hitRate.upper)}]  base rate ${pct(s.baseRate)}  drift baseline ${pct(s.driftHitRate)}`,
    `  error        MAE ${pct(s.mae)}  random walk ${pct(s.maeRandomWalk)}  MASE ${s.mase.toFixed(3)}`,
    `  bands        80 %: ${pct(s.coverage80)} covered  95 %: ${pct(s.coverage95)} covered`,
    `  brier        ${s.brier.toFixed(4)}  climatology ${s.brierClimatology.toFixed(4)}  skill score ${s.brierSkill.toFixed(3)}`,
    `  reliability  (the label's probability against the label coming true)`,
    ...s.reliability.bins
      .filter((b) => b.count > 0)
      .map((b) => `    ${b.lower.toFixed(1)}–${b.upper.toFixed(1)}  n=${String(b.count).padEnd(6)} predicted ${pct(b.meanPredicted!)}  observed ${pct(b.observedFrequency!)}`),
    `  verdict      ${s.verdict}` + (s.leakageAlarm ? '  LEAKAGE ALARM: a one-bar hit rate this high means the features see the future' : ''),
  ];
  return lines;
}

/**
 * `evaluate --symbol S --timeframe d1 [--horizon H] [--from D --to D] [--json]`: the models'
 * walk-forward over stored bars (they refit on past bars only), against the base rate, the drift
 * baseline and the random walk. Works on imported history too.
 */
export async function evaluate(ctx: Context, argv: string[]): Promise<number> {
  const v = parse(argv, { symbol: { type: 'string' }, timeframe: { type: 'string' }, horizon: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' } });
  const symbol = ticker(required(v.symbol, 'symbol'));
  const tf = timeframe(required(v.timeframe, 'timeframe'));
  if (v.horizon !== undefined && !isHorizon(v.horizon)) throw new UsageError(`--horizon: "${v.horizon}" is not one of 1D, 1W, 1M, 15m, 1h`);
  const horizons = v.horizon ? [v.horizon] : horizonsOf(tf);
  const from = v.from ? nyWallTime(date(v.from, 'from'), '00:00') : undefined;
  const to = v.to ? nyWallTime(date(v.to, 'to'), '23:59') : undefined;
  if (from && to && from > to) throw new UsageError('--from must not be after --to');
  const { db } = await ctx.database();
  try {
    const results = await evaluateSeries(db, marketClock, inlinePool(FIT_TASKS), { symbol, timeframe: tf, horizons, from, to });
    if (v.json) console.log(JSON.stringify(results, null, 2));
    else for (const r of results) console.log(describe(symbol, tf, r).join('\n'));
    return 0;
  } catch (err) {
    if (!(err instanceof EvaluationInputError)) throw err;
    console.error(err.message);
    return 1;
  }
}

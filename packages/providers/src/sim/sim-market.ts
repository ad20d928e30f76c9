import { type Bar, marketClock, type MarketClock, type Session } from '@marketfleet/market';
import { combineBars } from '../bars/aggregate';
import { SymbolActions, type SimCorporateAction } from './corporate-actions';
import { DailyPath, OVERNIGHT_SHARE, roundPrice } from './daily-path';
import { buildSessionBars } from './intraday';
import { hash32, Rng } from './prng';
import { SessionCalendar } from './session-calendar';

// Bound once: under jest's vm sandbox each `Math.x` lookup is a slow global access.
const { max, min, round } = Math;

const FULL_SESSION_M15 = 26;

/**
 * Deterministic market data for any symbol: same seed, symbol and session → same bars. Bars are
 * raw: before each split's ex-date prices are higher (and volumes lower) by its ratio, so
 * adjusting by `corporateActions` gives a continuous series.
 */
export interface SimMarket {
  readonly seed: number;
  readonly clock: MarketClock;
  /** False when the market was made without splits. */
  readonly splits: boolean;
  /** The session's regular-hours m15 bars; empty when `session` is not a sim session. */
  m15Bars(symbol: string, session: Session): Bar[];
  /** The d1 bar: exactly the aggregate of `m15Bars`, cached per symbol. */
  dailyBar(symbol: string, session: Session): Bar | null;
  /** Splits and cash dividends with fromDate <= exDate <= toDate (New York dates), ascending. */
  corporateActions(symbol: string, fromDate: string, toDate: string): SimCorporateAction[];
  /** The session's volatility and activity, what the simulated option chains are priced from; null off-calendar. */
  regime(symbol: string, session: Session): SimRegime | null;
}

export interface SimRegime {
  /** The session's daily volatility (its GARCH variance, square-rooted). */
  dailyVol: number;
  /** The long-run daily volatility that variance reverts to. */
  longRunVol: number;
  /** The session's volume relative to the symbol's typical day. */
  volumeFactor: number;
  /** The symbol's typical shares per session. */
  baseVolume: number;
}

export interface SimMarketOptions {
  clock?: MarketClock;
  /** Symbols whose daily path and d1 cache are kept (least recently used are dropped). */
  maxSymbols?: number;
  /** False: no splits, so raw bars are the continuous path (dividends remain). Default true. */
  splits?: boolean;
}

// d1 summaries per session index, filled on first use; NaN high marks a gap.
class DailySummaries {
  high = new Float64Array(0);
  low = new Float64Array(0);
  volume = new Float64Array(0);
  vwap = new Float64Array(0);
  trades = new Float64Array(0);

  ensure(index: number): void {
    if (index < this.high.length) return;
    const cap = max(index + 1, this.high.length * 2, 512);
    for (const key of ['high', 'low', 'volume', 'vwap', 'trades'] as const) {
      const next = new Float64Array(cap).fill(Number.NaN);
      next.set(this[key]);
      this[key] = next;
    }
  }
}

interface SymbolState {
  path: DailyPath;
  daily: DailySummaries;
  actions: SymbolActions;
}

/** Path prices → raw prices after splits with product `f` of ratios: prices ÷ f, volumes × f. */
function toRaw(bars: Bar[], f: number): Bar[] {
  if (f === 1) return bars;
  for (const b of bars) {
    b.open = roundPrice(b.open / f);
    b.high = roundPrice(b.high / f);
    b.low = roundPrice(b.low / f);
    b.close = roundPrice(b.close / f);
    b.volume = max(1, round(b.volume * f));
    if (b.vwap !== null) b.vwap = min(b.high, max(b.low, round((b.vwap / f) * 1e4) / 1e4));
    if (b.tradeCount !== null) b.tradeCount = max(1, min(b.tradeCount, b.volume));
  }
  return bars;
}

export function simMarket(seed = 1, opts: SimMarketOptions = {}): SimMarket {
  const clock = opts.clock ?? marketClock;
  const maxSymbols = opts.maxSymbols ?? 64;
  const splits = opts.splits ?? true;
  const calendar = new SessionCalendar(clock);
  const symbols = new Map<string, SymbolState>();

  function state(symbol: string): SymbolState {
    let s = symbols.get(symbol);
    if (s !== undefined) {
      symbols.delete(symbol); // re-insert: Map order is the LRU order
    } else {
      const path = new DailyPath(seed, symbol);
      s = { path, daily: new DailySummaries(), actions: new SymbolActions(seed, symbol, path, calendar, splits) };
      if (symbols.size >= maxSymbols) symbols.delete(symbols.keys().next().value!);
    }
    symbols.set(symbol, s);
    return s;
  }

  function m15At(symbol: string, st: SymbolState, index: number): Bar[] {
    const session = calendar.at(index);
    const day = st.path.day(index);
    const n = round((session.close.getTime() - session.open.getTime()) / 900_000);
    // A half day trades and moves proportionally less than a full one.
    const share = n / FULL_SESSION_M15;
    const bars = buildSessionBars(
      {
        session,
        open: day.open,
        close: day.close,
        intradayVariance: day.variance * (1 - OVERNIGHT_SHARE) * share,
        volume: st.path.params.baseVolume * day.volumeFactor * share,
      },
      st.path.params,
      new Rng(hash32(seed, symbol, session.date, 'm15')),
    );
    return toRaw(bars, st.actions.factor(index));
  }

  return {
    seed,
    clock,
    splits,
    m15Bars(symbol, session) {
      const index = calendar.indexOf(session.date);
      return index < 0 ? [] : m15At(symbol, state(symbol), index);
    },
    dailyBar(symbol, session) {
      const index = calendar.indexOf(session.date);
      if (index < 0) return null;
      const st = state(symbol);
      const d = st.daily;
      d.ensure(index);
      if (Number.isNaN(d.high[index]!)) {
        const bar = combineBars(m15At(symbol, st, index), new Date(calendar.at(index).open.getTime()));
        d.high[index] = bar.high;
        d.low[index] = bar.low;
        d.volume[index] = bar.volume;
        d.vwap[index] = bar.vwap ?? Number.NaN;
        d.trades[index] = bar.tradeCount ?? Number.NaN;
        return bar;
      }
      const day = st.path.day(index);
      const f = st.actions.factor(index);
      const vwap = d.vwap[index]!;
      const trades = d.trades[index]!;
      return {
        ts: new Date(calendar.at(index).open.getTime()),
        // The same expression as toRaw, so d1 always equals the aggregate of the m15 bars.
        open: f === 1 ? day.open : roundPrice(day.open / f),
        high: d.high[index]!,
        low: d.low[index]!,
        close: f === 1 ? day.close : roundPrice(day.close / f),
        volume: d.volume[index]!,
        vwap: Number.isNaN(vwap) ? null : vwap,
        tradeCount: Number.isNaN(trades) ? null : trades,
      };
    },
    corporateActions(symbol, fromDate, toDate) {
      return state(symbol).actions.between(fromDate, toDate);
    },
    regime(symbol, session) {
      const index = calendar.indexOf(session.date);
      if (index < 0) return null;
      const st = state(symbol);
      const day = st.path.day(index);
      const { baseVol, baseVolume } = st.path.params;
      return { dailyVol: Math.sqrt(day.variance), longRunVol: baseVol, volumeFactor: day.volumeFactor, baseVolume };
    },
  };
}

import { addDays, weekday, type MarketClock, type Session, type Timeframe } from '@marketfleet/market';
import { sourceFamilies, type SourceFamily } from './source-families';

export interface BackfillRange {
  symbols: readonly string[];
  timeframes: readonly Timeframe[];
  /** Inclusive New York dates. */
  from: string;
  to: string;
}

export interface ChunkPlan {
  symbols: string[];
  timeframes: Timeframe[];
  from: string;
  to: string;
  /** Bars the provider is expected to return for this chunk. */
  expectedBars: number;
}

export interface PlanOptions {
  clock: MarketClock;
  /** The provider's page size: one chunk is planned to fit one request. */
  maxBarsPerRequest?: number;
  /**
   * Share of a page planned for intraday families. Providers also send some
   * extended-hours bars, which must not spill a chunk onto a second page.
   */
  intradayFill?: number;
  /** Upper bound on how many date pieces a range is cut into. */
  maxPieces?: number;
  /** Sessions that have not opened yet are not planned. */
  now?: Date;
}

const mondayOf = (date: string) => addDays(date, -((weekday(date) + 6) % 7));

interface Piece {
  sessions: Session[];
  cost: number;
}

/** The sessions a chunk may not split: a whole week when w1 is wanted, else one session. */
function units(sessions: Session[], family: SourceFamily): Piece[] {
  const out: Piece[] = [];
  let week = '';
  for (const session of sessions) {
    const cost = family.barsPerSession(session);
    const monday = family.wholeWeeks ? mondayOf(session.date) : session.date;
    const last = out[out.length - 1];
    if (last && monday === week) {
      last.sessions.push(session);
      last.cost += cost;
    } else out.push({ sessions: [session], cost });
    week = monday;
  }
  return out;
}

/** Joins consecutive units into pieces of about `target` bars. */
function cut(unitList: Piece[], target: number): Piece[] {
  const pieces: Piece[] = [];
  let current: Piece = { sessions: [], cost: 0 };
  for (const unit of unitList) {
    if (current.sessions.length > 0 && current.cost + unit.cost > target) {
      pieces.push(current);
      current = { sessions: [], cost: 0 };
    }
    current.sessions = current.sessions.concat(unit.sessions);
    current.cost += unit.cost;
  }
  if (current.sessions.length > 0) pieces.push(current);
  return pieces;
}

/** Splits items into n groups whose sizes differ by at most one. */
function balancedGroups<T>(items: readonly T[], n: number): T[][] {
  const groups: T[][] = [];
  let start = 0;
  for (let g = 0; g < n; g++) {
    const size = Math.floor(items.length / n) + (g < items.length % n ? 1 : 0);
    groups.push(items.slice(start, start + size));
    start += size;
  }
  return groups;
}

/**
 * Plans the chunk jobs for one range: symbols are grouped into multi-symbol requests
 * and the range is cut into pieces so that each chunk fills one provider page as fully
 * as possible. It tries every number of pieces and keeps the plan with the fewest
 * requests, which is close to ceil(total bars / page size).
 */
export function planBackfill(range: BackfillRange, opts: PlanOptions): ChunkPlan[] {
  const maxBars = opts.maxBarsPerRequest ?? 10_000;
  const symbols = [...new Set(range.symbols)].sort();
  const chunks: ChunkPlan[] = [];
  for (const family of sourceFamilies(range.timeframes, opts.clock)) {
    const capacity = Math.floor(maxBars * (family.intraday ? (opts.intradayFill ?? 0.95) : 1));
    const from = family.wholeWeeks ? mondayOf(range.from) : range.from;
    const to = family.wholeWeeks ? addDays(mondayOf(range.to), 6) : range.to;
    const now = opts.now ?? new Date();
    const sessions = opts.clock.sessionsBetween(from, to).filter((s) => s.open <= now);
    if (sessions.length === 0 || symbols.length === 0) continue;
    const unitList = units(sessions, family);
    const total = unitList.reduce((n, u) => n + u.cost, 0);

    let best: { pieces: Piece[]; perGroup: number; requests: number } | undefined;
    const maxPieces = Math.min(unitList.length, opts.maxPieces ?? 400);
    for (let p = 1; p <= maxPieces; p++) {
      const pieces = cut(unitList, Math.max(1, Math.ceil(total / p)));
      const widest = Math.max(...pieces.map((x) => x.cost));
      const perGroup = Math.min(symbols.length, Math.floor(capacity / widest));
      if (perGroup === 0) continue;
      const requests = pieces.length * Math.ceil(symbols.length / perGroup);
      if (!best || requests < best.requests) best = { pieces, perGroup, requests };
      if (pieces.length >= maxPieces) break;
    }
    // A single session too large for one page still gets its own chunks; the provider pages.
    const plan = best ?? { pieces: unitList, perGroup: 1, requests: 0 };
    for (const piece of plan.pieces) {
      for (const group of balancedGroups(symbols, Math.ceil(symbols.length / plan.perGroup))) {
        chunks.push({
          symbols: group,
          timeframes: family.timeframes,
          from: piece.sessions[0]!.date,
          to: piece.sessions[piece.sessions.length - 1]!.date,
          expectedBars: piece.cost * group.length,
        });
      }
    }
  }
  return chunks;
}

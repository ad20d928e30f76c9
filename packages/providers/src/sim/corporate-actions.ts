import { addDays } from '@marketfleet/market';
import type { DailyPath } from './daily-path';
import { hash32, Rng } from './prng';
import { SIM_EPOCH, type SessionCalendar } from './session-calendar';

// Bound once: under jest's vm sandbox each `Math.x` lookup is a slow global access.
const { floor, min, round } = Math;

export type SimActionType = 'forward_split' | 'reverse_split' | 'cash_dividend';

/** A simulated corporate action; dates are New York 'YYYY-MM-DD'. */
export interface SimCorporateAction {
  id: string;
  type: SimActionType;
  symbol: string;
  exDate: string;
  recordDate: string;
  payableDate: string;
  /** The payable date for dividends and the ex-date for splits, as Alpaca reports them. */
  processDate: string;
  /** Splits: shares after and before (Alpaca's new_rate / old_rate); null for dividends. */
  newRate: number | null;
  oldRate: number | null;
  /** Dividends: cash per share in the raw prices of the ex-date. */
  cashAmount: number | null;
}

/** A process date is never later than this after its ex-date, so a process-date window can be widened to find it. */
export const MAX_PROCESS_LAG_DAYS = 45;
/** Actions are announced this long before their ex-date; later ones are not known yet. */
export const ANNOUNCE_DAYS = 30;

// One chance a year, and no split at all when the price is unremarkable: about one every 8
// years per symbol, like large US stocks.
const SPLIT_HAZARD = 0.2;
// Splits are drawn year by year from the epoch; past this year there are none, so a far-future
// request cannot make a path of millions of sessions.
const LAST_YEAR = 2100;
const FIRST_YEAR = Number(SIM_EPOCH.slice(0, 4));
const T1_SETTLEMENT = '2024-05-28';

/**
 * Real splits follow the price: reverse 1:10 when it is a penny stock, forward when it is high,
 * with bigger ratios for higher prices. Returns [new_rate, old_rate] or null for no split.
 */
function chooseSplit(price: number, u: number): [number, number] | null {
  if (price < 5) return [1, 10];
  if (price < 25) return null;
  if (price < 150) return u < 0.6 ? [2, 1] : [3, 2];
  return u < 0.4 ? [2, 1] : u < 0.7 ? [3, 1] : [4, 1];
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
const hex = (n: number, width: number) => n.toString(16).padStart(8, '0').slice(0, width);

/** A deterministic uuid-shaped id, so an action keeps its id across runs and fakes. */
export function simUuid(...parts: Array<string | number>): string {
  const h = [0, 1, 2, 3].map((i) => hash32(...parts, i));
  return `${hex(h[0]!, 8)}-${hex(h[1]!, 4)}-4${hex(h[1]! >>> 16, 3)}-${((h[2]! & 3) | 8).toString(16)}${hex(h[2]!, 3)}-${hex(h[3]!, 8)}${hex(h[2]! >>> 12, 4)}`;
}

/** A fake 9-character CUSIP, stable per (symbol, variant). */
export function simCusip(symbol: string, variant = ''): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  const r = new Rng(hash32('cusip', symbol, variant));
  let out = '';
  for (let i = 0; i < 9; i++) out += alphabet[floor(r.next() * (i < 6 ? alphabet.length : 10))];
  return out;
}

interface Split {
  index: number;
  ratio: number;
}

interface DividendPolicy {
  annualYield: number;
  month: number;
  day: number;
}

/**
 * One symbol's splits and dividends, drawn a year at a time from the epoch. A split's type depends
 * on the raw price just before it, which depends on earlier splits only, so the schedule never
 * depends on what was asked first. Raw price = path price ÷ (product of the ratios of the splits
 * on or before that day): the path is the continuous (split-adjusted) series up to a constant,
 * and each ex-date the raw price jumps by exactly its ratio.
 */
export class SymbolActions {
  private readonly splits: Split[] = [];
  private readonly actions: SimCorporateAction[] = [];
  private readonly policy: DividendPolicy | null;
  private coveredYear = FIRST_YEAR - 1;
  /** Last session index of coveredYear: factor() for indexes up to it needs no work. */
  private coveredIndex = -1;

  constructor(
    private readonly seed: number,
    private readonly symbol: string,
    private readonly path: DailyPath,
    private readonly calendar: SessionCalendar,
    private readonly withSplits: boolean,
  ) {
    const r = new Rng(hash32(seed, symbol, 'dividend-policy'));
    // About half the symbols pay, quarterly, yielding 0.8–4 % a year.
    this.policy =
      r.next() < 0.5 ? { annualYield: r.between(0.008, 0.04), month: 1 + floor(r.next() * 3), day: 5 + floor(r.next() * 18) } : null;
  }

  /** Product of the ratios of the splits whose ex-date is on or before session `index`. */
  factor(index: number): number {
    if (!this.withSplits) return 1;
    if (index > this.coveredIndex) this.cover(Number(this.calendar.at(index).date.slice(0, 4)));
    return this.product(index);
  }

  /** Actions with fromDate <= exDate <= toDate, ascending by ex-date. */
  between(fromDate: string, toDate: string): SimCorporateAction[] {
    if (toDate < fromDate) return [];
    this.cover(Number(toDate.slice(0, 4)));
    return this.actions.filter((a) => a.exDate >= fromDate && a.exDate <= toDate);
  }

  private product(index: number): number {
    let f = 1;
    for (const s of this.splits) {
      if (s.index > index) break;
      f *= s.ratio;
    }
    return f;
  }

  private cover(year: number): void {
    const last = min(year, LAST_YEAR);
    while (this.coveredYear < last) {
      const y = this.coveredYear + 1;
      const added: SimCorporateAction[] = [];
      if (this.withSplits) this.drawSplit(y, added);
      if (this.policy !== null) this.drawDividends(y, this.policy, added);
      added.sort((a, b) => (a.exDate < b.exDate ? -1 : a.exDate > b.exDate ? 1 : a.type < b.type ? -1 : 1));
      this.actions.push(...added);
      this.coveredYear = y;
      const next = this.calendar.firstOnOrAfter(`${y + 1}-01-01`);
      this.coveredIndex = next < 0 ? Number.MAX_SAFE_INTEGER : next - 1;
    }
    if (year > LAST_YEAR) this.coveredIndex = Number.MAX_SAFE_INTEGER;
  }

  /** The session on or after `date` if it falls in `year` (and has a session before it). */
  private sessionIn(year: number, date: string): number {
    const index = this.calendar.firstOnOrAfter(date);
    return index > 0 && this.calendar.at(index).date.startsWith(`${year}-`) ? index : -1;
  }

  private dateAfter(index: number, days: number): string {
    const i = this.calendar.firstOnOrAfter(addDays(this.calendar.at(index).date, days));
    return i < 0 ? addDays(this.calendar.at(index).date, days) : this.calendar.at(i).date;
  }

  private drawSplit(year: number, out: SimCorporateAction[]): void {
    const r = new Rng(hash32(this.seed, this.symbol, 'split', year));
    if (r.next() >= SPLIT_HAZARD) return;
    // Day 0–349: the ex-date stays inside the year, so covering years in order sees every split.
    const index = this.sessionIn(year, addDays(`${year}-01-01`, floor(r.next() * 350)));
    const prev = this.splits[this.splits.length - 1];
    if (index < 0 || (prev !== undefined && index <= prev.index)) return;
    const rawClose = this.path.day(index - 1).close / this.product(index - 1);
    const rates = chooseSplit(rawClose, r.next());
    if (rates === null) return;
    const [newRate, oldRate] = rates;
    this.splits.push({ index, ratio: newRate / oldRate });
    const exDate = this.calendar.at(index).date;
    const type = newRate > oldRate ? 'forward_split' : 'reverse_split';
    out.push({
      id: simUuid(this.seed, this.symbol, type, exDate),
      type,
      symbol: this.symbol,
      exDate,
      // Record and payable dates precede a forward split's ex-date (due bills), as in Alpaca's data.
      recordDate: this.calendar.at(index > 1 ? index - 2 : index - 1).date,
      payableDate: this.calendar.at(index - 1).date,
      processDate: exDate,
      newRate,
      oldRate,
      cashAmount: null,
    });
  }

  private drawDividends(year: number, policy: DividendPolicy, out: SimCorporateAction[]): void {
    const r = new Rng(hash32(this.seed, this.symbol, 'dividend', year));
    // The year's payout is set from the price at its start: dividends move in steps, not daily.
    const first = this.calendar.firstOnOrAfter(`${year}-01-01`);
    if (first < 0) return;
    const ref = first > 0 ? this.path.day(first - 1).close : this.path.day(0).open;
    const quarterly = (policy.annualYield / 4) * ref;
    for (let q = 0; q < 4; q++) {
      const index = this.sessionIn(year, `${year}-${pad2(policy.month + 3 * q)}-${pad2(policy.day)}`);
      const payDays = 10 + floor(r.next() * 20);
      if (index < 0) continue;
      const cashAmount = round((quarterly / this.product(index)) * 1e4) / 1e4;
      if (cashAmount <= 0) continue;
      const exDate = this.calendar.at(index).date;
      const payableDate = this.dateAfter(index, payDays);
      out.push({
        id: simUuid(this.seed, this.symbol, 'cash_dividend', exDate),
        type: 'cash_dividend',
        symbol: this.symbol,
        exDate,
        // Record date = ex-date since US settlement moved to T+1; the next day before that.
        recordDate: exDate >= T1_SETTLEMENT ? exDate : this.dateAfter(index, 1),
        payableDate,
        processDate: payableDate,
        newRate: null,
        oldRate: null,
        cashAmount,
      });
    }
  }
}

/**
 * The action as Alpaca's `/v1/corporate-actions` lists it, under the plural of its type: what the
 * fake serves and what the sim keeps as `detail`, so both read the same.
 */
export function alpacaItem(a: SimCorporateAction): Record<string, unknown> {
  const dates = { process_date: a.processDate, ex_date: a.exDate, record_date: a.recordDate, payable_date: a.payableDate };
  switch (a.type) {
    case 'forward_split':
      return { id: a.id, symbol: a.symbol, cusip: simCusip(a.symbol), new_rate: a.newRate, old_rate: a.oldRate, ...dates };
    case 'reverse_split':
      return {
        id: a.id,
        symbol: a.symbol,
        old_cusip: simCusip(a.symbol),
        new_cusip: simCusip(a.symbol, a.exDate),
        new_rate: a.newRate,
        old_rate: a.oldRate,
        ...dates,
      };
    case 'cash_dividend':
      return { id: a.id, symbol: a.symbol, cusip: simCusip(a.symbol), rate: a.cashAmount, special: false, foreign: false, ...dates };
  }
}

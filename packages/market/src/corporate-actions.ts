/**
 * Corporate actions as the market defines them, whoever reports them. Types are the singular
 * names Alpaca documents; a provider maps its own names onto these.
 */
export const ACTION_TYPES = [
  'forward_split',
  'reverse_split',
  'unit_split',
  'cash_dividend',
  'stock_dividend',
  'spin_off',
  'cash_merger',
  'stock_merger',
  'stock_and_cash_merger',
  'redemption',
  'name_change',
  'worthless_removal',
  'rights_distribution',
] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

/** Splits proper: the ratio is new shares per old share (4 for 4:1, 0.1 for 1:10). */
export const SPLIT_TYPES: readonly ActionType[] = ['forward_split', 'reverse_split', 'unit_split'];

/**
 * Actions that change the share count, so prices before them are divided by their ratio when a
 * series is split-adjusted: the splits, and stock dividends (ratio 1 + rate).
 */
export const SHARE_CHANGE_TYPES: readonly ActionType[] = [...SPLIT_TYPES, 'stock_dividend'];

const SHARE_CHANGES = new Set<string>(SHARE_CHANGE_TYPES);

/** What adjustment needs of an action. */
export interface PriceAction {
  type: string;
  exDate: string;
  ratio: number | null;
  cashAmount: number | null;
  /** Cash dividends under `all`: the raw close of the session before the ex-date. */
  prevClose?: number | null;
}

/** Whether an action rescales prices and volumes (a split or a stock dividend with a usable ratio). */
export function isSplit(a: Pick<PriceAction, 'type' | 'ratio'>): boolean {
  return SHARE_CHANGES.has(a.type) && a.ratio !== null && a.ratio > 0 && a.ratio !== 1;
}

/** Whether an action is a cash dividend that moves prices under `all` adjustment. */
export function isDividend(a: Pick<PriceAction, 'type' | 'cashAmount'>): boolean {
  return a.type === 'cash_dividend' && a.cashAmount !== null && a.cashAmount > 0;
}

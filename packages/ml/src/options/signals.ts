import { type EntrySignal } from './types';

export interface SignalInputs {
  ivRank: number;
  momentum: number;
  spreadPct: number;
  volume: number;
  volOi: number;
  delta?: number;
  gamma?: number;
  composite: number;
}

/** The seed's four signals, in its order; BUY needs a composite above 65 and one of the others. */
export function entrySignals(s: SignalInputs): EntrySignal[] {
  const discount = s.ivRank < 30 && s.momentum > 50 && s.spreadPct < 2;
  const runner = s.momentum > 75 && s.volume > 100 && s.volOi > 0.1 && s.spreadPct < 3;
  const greeks =
    s.delta !== undefined && s.gamma !== undefined && Math.abs(s.delta) >= 0.4 && Math.abs(s.delta) <= 0.7 && s.gamma > 0.02 && s.spreadPct < 2;
  const out: EntrySignal[] = [];
  if (discount) out.push('DISCOUNT');
  if (runner) out.push('RUNNER');
  if (greeks) out.push('GREEKS');
  if (s.composite > 65 && (discount || runner || greeks)) out.push('BUY');
  return out;
}

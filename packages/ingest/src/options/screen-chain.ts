import type { OptionQuoteInput } from '@marketfleet/db';
import type { OptionSnapshot } from '@marketfleet/providers';

export interface ScreenedChain {
  quotes: OptionQuoteInput[];
  rejected: { contract: string | null; raw: unknown; reason: string }[];
}

const PRICES = ['bid', 'ask', 'last'] as const;
const COUNTS = ['volume', 'openInterest'] as const;
const OPTIONAL = ['bid', 'ask', 'last', 'volume', 'openInterest', 'iv', 'delta', 'gamma', 'theta', 'vega'] as const;

/** Why a snapshot must not be stored as a quote, or null when it may. */
export function rejectReason(s: OptionSnapshot, underlying: string, session: string): string | null {
  if (typeof s.contract !== 'string' || s.contract.length === 0) return 'no contract symbol';
  if (s.underlying !== underlying) return `contract of another underlying: ${String(s.underlying)}`;
  if (!(typeof s.strike === 'number' && Number.isFinite(s.strike) && s.strike > 0)) return 'strike not positive';
  if (s.side !== 'call' && s.side !== 'put') return 'side neither call nor put';
  if (typeof s.expiry !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s.expiry)) return 'expiry not a date';
  if (s.expiry < session) return `expired: ${s.expiry}`;
  for (const f of OPTIONAL) {
    const v = s[f];
    if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v))) return `${f} not a finite number`;
  }
  for (const f of [...PRICES, ...COUNTS]) if ((s[f] ?? 0) < 0) return `negative ${f}: ${s[f]}`;
  if (s.bid !== undefined && s.ask !== undefined && s.bid > s.ask) return `crossed quote: bid ${s.bid} > ask ${s.ask}`;
  return null;
}

/**
 * Splits a provider's chain into quotes to store and contracts to quarantine (with the reason):
 * a crossed, negative or non-finite quote is never stored, whatever the provider checked.
 */
export function screenChain(snapshots: readonly OptionSnapshot[], underlying: string, session: string): ScreenedChain {
  const out: ScreenedChain = { quotes: [], rejected: [] };
  for (const s of snapshots) {
    const reason = rejectReason(s, underlying, session);
    if (reason !== null) {
      out.rejected.push({ contract: typeof s.contract === 'string' ? s.contract : null, raw: s, reason });
      continue;
    }
    out.quotes.push({
      contract: s.contract, root: s.root, expiry: s.expiry, strike: s.strike, side: s.side, bid: s.bid, ask: s.ask,
      last: s.last, volume: s.volume, openInterest: s.openInterest, iv: s.iv, delta: s.delta, gamma: s.gamma,
      theta: s.theta, vega: s.vega, quotedAt: s.quotedAt ?? null,
    });
  }
  return out;
}

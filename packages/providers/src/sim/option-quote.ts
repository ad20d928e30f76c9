// Bid and ask around a model price, the way market makers quote: on the exchange's tick, the
// spread a fixed cost plus a share of the price, both widening away from the money.

const { abs, ceil, floor, max, round } = Math;

/** The classic options tick: a cent under $3, five cents from $3 up. */
export function tickCents(priceDollars: number): number {
  return priceDollars < 3 ? 1 : 5;
}

export interface SimQuote {
  bid: number;
  ask: number;
}

/** A quote around `mid` for a contract `z` at-the-money standard deviations away; bid < ask, both on ticks. */
export function quoteAround(mid: number, z: number): SimQuote {
  const away = abs(z);
  const spread = 0.01 + mid * 0.02 * (1 + away) + 0.015 * away;
  const midCents = mid * 100;
  const half = (spread * 100) / 2;
  const bidTick = tickCents(max(0, mid - spread / 2));
  const askTick = tickCents(mid + spread / 2);
  // Cents as integers, so bids and asks never carry binary noise such as 1.2300000000000002.
  const bidCents = max(0, floor((midCents - half) / bidTick) * bidTick);
  const askCents = max(bidCents + askTick, ceil((midCents + half) / askTick) * askTick);
  return { bid: round(bidCents) / 100, ask: round(askCents) / 100 };
}

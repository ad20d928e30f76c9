/** A value forced into one bar of a fake's answer: -1, "NaN", null, a string where a number belongs… */
export interface FakePatch<F extends string = string> {
  symbol: string;
  /** Position in the symbol's ascending series for the request's range (0 = earliest bar). */
  index: number;
  field: F;
  value: unknown;
}

/** The row with any patches for (symbol, index) applied; the input is left alone. */
export function patchRow<T extends object>(row: T, patches: readonly FakePatch[] | undefined, symbol: string, index: number): T {
  const hits = patches?.filter((p) => p.symbol === symbol && p.index === index) ?? [];
  if (hits.length === 0) return row;
  const out = { ...row } as Record<string, unknown>;
  for (const p of hits) out[p.field] = p.value;
  return out as T;
}

/** Alpaca-style symbol check, shared by the fakes that validate symbols. */
export const FAKE_SYMBOL = /^[A-Za-z0-9][A-Za-z0-9./-]{0,20}$/;

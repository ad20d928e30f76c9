// Top-N selection that keeps every tenor represented. In the seed this lived only in the
// options_ranking_job path, which no workflow ran; the nightly path stored every contract.

export interface DteQuota {
  /** Bucket is minDte <= DTE < maxDte (calendar days). */
  minDte: number;
  maxDte: number;
  take: number;
}

/** The seed's buckets: < 7 days → 5, 7–30 → 30, 30–60 → 40, ≥ 60 → 25. */
export const SEED_DTE_QUOTAS: readonly DteQuota[] = [
  { minDte: -Infinity, maxDte: 7, take: 5 },
  { minDte: 7, maxDte: 30, take: 30 },
  { minDte: 30, maxDte: 60, take: 40 },
  { minDte: 60, maxDte: Infinity, take: 25 },
];

export interface SelectOptions {
  /** Run date, YYYY-MM-DD; DTE = calendar days from it to expiry. */
  asOf: string;
  total?: number;
  quotas?: readonly DteQuota[];
}

const DAY_MS = 86_400_000;

/**
 * Each bucket's best `take` by composite, then the best of the rest until `total`; returned by
 * composite descending. Ties break on symbol so reruns pick the same contracts.
 */
export function selectTopByDte<T extends { symbol: string; expiry: string; composite: number }>(
  rows: readonly T[],
  opts: SelectOptions,
): T[] {
  const total = opts.total ?? 100;
  const quotas = opts.quotas ?? SEED_DTE_QUOTAS;
  const asOfMs = Date.parse(opts.asOf);
  if (!Number.isFinite(asOfMs)) throw new RangeError(`asOf must be YYYY-MM-DD, got ${opts.asOf}`);
  const order = [...rows].sort(
    (a, b) => b.composite - a.composite || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0),
  );
  const dte = (r: T): number => Math.round((Date.parse(r.expiry) - asOfMs) / DAY_MS);
  const chosen = new Set<T>();
  for (const q of quotas) {
    let taken = 0;
    for (const r of order) {
      if (taken >= q.take) break;
      const d = dte(r);
      if (d >= q.minDte && d < q.maxDte) {
        chosen.add(r);
        taken++;
      }
    }
  }
  for (const r of order) {
    if (chosen.size >= total) break;
    chosen.add(r);
  }
  return order.filter((r) => chosen.has(r)).slice(0, total);
}

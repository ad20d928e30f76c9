import type { Database } from '@marketfleet/db';

/**
 * Rows of the learning loop's tables as the evaluation, weight and drift jobs write them, put in
 * directly so readers can be tested against known figures. Columns are the tables' own (snake_case);
 * each batch travels as one JSON parameter and is expanded by PostgreSQL.
 */
type Row = Record<string, unknown>;

const TABLES = ['model_performance', 'model_weights', 'feature_drift', 'forecast_runs', 'quality_findings'] as const;
export type LearningTable = (typeof TABLES)[number];

export async function insertRows(database: Database, table: LearningTable, rows: readonly Row[]): Promise<void> {
  if (!TABLES.includes(table)) throw new Error(`not a learning-loop table: ${table}`);
  if (rows.length === 0) return;
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const list = columns.map((c) => `"${c.replaceAll('"', '')}"`).join(', ');
  await database.sql.unsafe(
    `insert into ${table} (${list}) select ${list} from jsonb_populate_recordset(null::${table}, $1::jsonb)`,
    [JSON.stringify(rows)],
  );
}

/** One day's model_performance row: the counts given, the rest derived so the row is consistent. */
export function performanceRow(r: {
  day: string; horizon: string; model: string; symbolId: number; n: number; hits: number; ups: number;
  absError?: number; absErrorRandomWalk?: number; in80?: number; in95?: number; brier?: number; brierClimatology?: number;
  reliability?: Array<[number, number, number]>;
}): Row {
  return {
    day: r.day, horizon: r.horizon, model: r.model, symbol_id: r.symbolId, n: r.n, hits: r.hits, ups: r.ups, label_hits: r.hits,
    abs_error: r.absError ?? 0.01 * r.n, abs_error_random_walk: r.absErrorRandomWalk ?? 0.01 * r.n,
    in80: r.in80 ?? Math.round(0.8 * r.n), in95: r.in95 ?? Math.round(0.95 * r.n),
    brier: r.brier ?? 0.6 * r.n, brier_climatology: r.brierClimatology ?? 0.62 * r.n,
    reliability: r.reliability ?? Array.from({ length: 10 }, (_, i) => (i === 4 ? [r.n, 0.45 * r.n, r.hits] : [0, 0, 0])),
  };
}

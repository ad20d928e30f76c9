CREATE TABLE "series_stats" (
	"symbol_id" integer NOT NULL,
	"timeframe" timeframe NOT NULL,
	"first_ts" timestamp with time zone NOT NULL,
	"last_ts" timestamp with time zone NOT NULL,
	"bar_count" integer NOT NULL,
	"last_written_at" timestamp with time zone NOT NULL,
	"last_rows_written" integer NOT NULL,
	"last_provider" text NOT NULL,
	CONSTRAINT "series_stats_symbol_id_timeframe_pk" PRIMARY KEY("symbol_id","timeframe")
);
--> statement-breakpoint
-- Series written before this table existed.
INSERT INTO "series_stats" ("symbol_id", "timeframe", "first_ts", "last_ts", "bar_count", "last_written_at", "last_rows_written", "last_provider")
SELECT "symbol_id", "timeframe", min("ts"), max("ts"), count(*), max("fetched_at"), 0, (array_agg("provider" ORDER BY "ts" DESC))[1]
FROM "bars" GROUP BY "symbol_id", "timeframe"
ON CONFLICT DO NOTHING;

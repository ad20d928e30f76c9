CREATE TYPE "public"."bar_status" AS ENUM('live', 'provisional', 'verified');--> statement-breakpoint
CREATE TYPE "public"."timeframe" AS ENUM('m15', 'h1', 'h4', 'd1', 'w1');--> statement-breakpoint
CREATE TABLE "bars" (
	"symbol_id" integer NOT NULL,
	"timeframe" timeframe NOT NULL,
	"ts" timestamp with time zone NOT NULL,
	"open" double precision NOT NULL,
	"high" double precision NOT NULL,
	"low" double precision NOT NULL,
	"close" double precision NOT NULL,
	"volume" double precision NOT NULL,
	"vwap" double precision,
	"trade_count" integer,
	"provider" text NOT NULL,
	"status" "bar_status" NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL,
	CONSTRAINT "bars_symbol_id_timeframe_ts_pk" PRIMARY KEY("symbol_id","timeframe","ts")
);
--> statement-breakpoint
CREATE TABLE "quarantined_bars" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"symbol_id" integer NOT NULL,
	"timeframe" timeframe NOT NULL,
	"ts" timestamp with time zone,
	"provider" text NOT NULL,
	"reason" text NOT NULL,
	"raw" jsonb,
	"fetch_id" uuid,
	"job_id" text,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"times_seen" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"job_id" text NOT NULL,
	"queue" text NOT NULL,
	"name" text NOT NULL,
	"symbols" text[] DEFAULT '{}'::text[] NOT NULL,
	"timeframes" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"bars_written" integer DEFAULT 0 NOT NULL,
	"provider" text,
	"error" text,
	"detail" text,
	"triggered_by" text DEFAULT 'system' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "job_runs_jobId_unique" UNIQUE("job_id")
);
--> statement-breakpoint
CREATE TABLE "fetch_ledger" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"fetch_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"symbol_id" integer NOT NULL,
	"timeframe" timeframe NOT NULL,
	"range_start" timestamp with time zone NOT NULL,
	"range_end" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"requests" integer DEFAULT 0 NOT NULL,
	"bars_received" integer DEFAULT 0 NOT NULL,
	"bars_written" integer DEFAULT 0 NOT NULL,
	"bars_quarantined" integer DEFAULT 0 NOT NULL,
	"error" text,
	"job_id" text,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "symbols" (
	"id" serial PRIMARY KEY NOT NULL,
	"ticker" text NOT NULL,
	"name" text,
	"asset_type" text DEFAULT 'stock' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "symbols_ticker_unique" UNIQUE("ticker")
);
--> statement-breakpoint
CREATE TABLE "watchlist" (
	"symbol_id" integer PRIMARY KEY NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	"added_by" text DEFAULT 'system' NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bars" ADD CONSTRAINT "bars_symbol_id_symbols_id_fk" FOREIGN KEY ("symbol_id") REFERENCES "public"."symbols"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quarantined_bars" ADD CONSTRAINT "quarantined_bars_symbol_id_symbols_id_fk" FOREIGN KEY ("symbol_id") REFERENCES "public"."symbols"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fetch_ledger" ADD CONSTRAINT "fetch_ledger_symbol_id_symbols_id_fk" FOREIGN KEY ("symbol_id") REFERENCES "public"."symbols"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "watchlist" ADD CONSTRAINT "watchlist_symbol_id_symbols_id_fk" FOREIGN KEY ("symbol_id") REFERENCES "public"."symbols"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "quarantined_bars_natural_key" ON "quarantined_bars" USING btree ("symbol_id","timeframe",coalesce("ts", 'epoch'::timestamptz),"provider","reason");--> statement-breakpoint
CREATE INDEX "quarantined_bars_symbol_tf_ts" ON "quarantined_bars" USING btree ("symbol_id","timeframe","ts");--> statement-breakpoint
CREATE INDEX "job_runs_active" ON "job_runs" USING btree ("status") WHERE status in ('queued', 'running');--> statement-breakpoint
CREATE INDEX "job_runs_created" ON "job_runs" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "fetch_ledger_symbol_tf_range" ON "fetch_ledger" USING btree ("symbol_id","timeframe","range_start");
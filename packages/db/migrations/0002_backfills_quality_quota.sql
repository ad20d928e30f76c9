CREATE TABLE "backfill_chunks" (
	"backfill_id" text NOT NULL,
	"job_id" text NOT NULL,
	"symbols" text[] NOT NULL,
	"timeframes" text[] NOT NULL,
	"range_from" date NOT NULL,
	"range_to" date NOT NULL,
	"expected_bars" integer NOT NULL,
	CONSTRAINT "backfill_chunks_backfill_id_job_id_pk" PRIMARY KEY("backfill_id","job_id")
);
--> statement-breakpoint
CREATE TABLE "backfills" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"symbols" text[] NOT NULL,
	"timeframes" text[] NOT NULL,
	"range_from" date NOT NULL,
	"range_to" date NOT NULL,
	"priority" integer NOT NULL,
	"total_chunks" integer DEFAULT 0 NOT NULL,
	"expected_bars" integer DEFAULT 0 NOT NULL,
	"created_by" text DEFAULT 'system' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"kind" text NOT NULL,
	"severity" text NOT NULL,
	"message" text NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"occurrences" integer DEFAULT 1 NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "provider_gaps" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"symbol_id" integer NOT NULL,
	"timeframe" timeframe NOT NULL,
	"range_start" timestamp with time zone NOT NULL,
	"range_end" timestamp with time zone NOT NULL,
	"provider" text NOT NULL,
	"answer" text NOT NULL,
	"attempts" integer NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quality_findings" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"symbol_id" integer,
	"timeframe" timeframe,
	"session_date" date,
	"kind" text NOT NULL,
	"scope" text NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "provider_quota" (
	"key" text PRIMARY KEY NOT NULL,
	"tat" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "backfill_chunks" ADD CONSTRAINT "backfill_chunks_backfill_id_backfills_id_fk" FOREIGN KEY ("backfill_id") REFERENCES "public"."backfills"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_gaps" ADD CONSTRAINT "provider_gaps_symbol_id_symbols_id_fk" FOREIGN KEY ("symbol_id") REFERENCES "public"."symbols"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_findings" ADD CONSTRAINT "quality_findings_symbol_id_symbols_id_fk" FOREIGN KEY ("symbol_id") REFERENCES "public"."symbols"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "backfill_chunks_job" ON "backfill_chunks" USING btree ("job_id");--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_open_key" ON "alerts" USING btree ("key") WHERE resolved_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "provider_gaps_natural_key" ON "provider_gaps" USING btree ("symbol_id","timeframe","range_start","provider");--> statement-breakpoint
CREATE UNIQUE INDEX "quality_findings_natural_key" ON "quality_findings" USING btree ("kind","scope");--> statement-breakpoint
CREATE INDEX "quality_findings_open" ON "quality_findings" USING btree ("kind") WHERE resolved_at is null;
CREATE TABLE "forecast_calibrations" (
	"symbol_id" integer NOT NULL,
	"horizon" text NOT NULL,
	"model_version" text NOT NULL,
	"fitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"from_ts" timestamp with time zone NOT NULL,
	"to_ts" timestamp with time zone NOT NULL,
	"samples" integer NOT NULL,
	"calibration" jsonb,
	"summary" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "forecast_calibrations_symbol_id_horizon_pk" PRIMARY KEY("symbol_id","horizon")
);
--> statement-breakpoint
CREATE TABLE "forecast_runs" (
	"symbol_id" integer NOT NULL,
	"horizon" text NOT NULL,
	"timeframe" timeframe NOT NULL,
	"attempted_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"forecast_id" bigint,
	"last_bar_ts" timestamp with time zone,
	CONSTRAINT "forecast_runs_symbol_id_horizon_pk" PRIMARY KEY("symbol_id","horizon")
);
--> statement-breakpoint
CREATE TABLE "forecasts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"symbol_id" integer NOT NULL,
	"timeframe" timeframe NOT NULL,
	"horizon" text NOT NULL,
	"run_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_bar_ts" timestamp with time zone NOT NULL,
	"model_version" text NOT NULL,
	"label" text NOT NULL,
	"confidence" double precision NOT NULL,
	"probabilities" jsonb NOT NULL,
	"current_price" double precision NOT NULL,
	"target_price" double precision NOT NULL,
	"expected_return" double precision NOT NULL,
	"threshold" double precision NOT NULL,
	"points" jsonb NOT NULL,
	"weights" jsonb NOT NULL,
	"components" jsonb NOT NULL,
	"calibrated" boolean NOT NULL,
	"band_method" text NOT NULL,
	"training_from" timestamp with time zone NOT NULL,
	"training_to" timestamp with time zone NOT NULL,
	"training_rows" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "forecast_calibrations" ADD CONSTRAINT "forecast_calibrations_symbol_id_symbols_id_fk" FOREIGN KEY ("symbol_id") REFERENCES "public"."symbols"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forecast_runs" ADD CONSTRAINT "forecast_runs_symbol_id_symbols_id_fk" FOREIGN KEY ("symbol_id") REFERENCES "public"."symbols"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forecasts" ADD CONSTRAINT "forecasts_symbol_id_symbols_id_fk" FOREIGN KEY ("symbol_id") REFERENCES "public"."symbols"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "forecasts_natural_key" ON "forecasts" USING btree ("symbol_id","horizon","last_bar_ts","model_version");--> statement-breakpoint
CREATE INDEX "forecasts_latest" ON "forecasts" USING btree ("symbol_id","horizon","run_at" DESC NULLS LAST);
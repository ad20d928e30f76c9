CREATE TABLE "feature_drift" (
	"symbol_id" integer NOT NULL,
	"timeframe" timeframe NOT NULL,
	"checked_at" timestamp with time zone NOT NULL,
	"severity" text NOT NULL,
	"drifted" boolean NOT NULL,
	"tests" jsonb NOT NULL,
	"reference_bars" integer NOT NULL,
	"recent_bars" integer NOT NULL,
	CONSTRAINT "feature_drift_symbol_id_timeframe_pk" PRIMARY KEY("symbol_id","timeframe")
);
--> statement-breakpoint
CREATE TABLE "forecast_evaluations" (
	"forecast_id" bigint PRIMARY KEY NOT NULL,
	"symbol_id" integer NOT NULL,
	"timeframe" timeframe NOT NULL,
	"horizon" text NOT NULL,
	"made_at" timestamp with time zone NOT NULL,
	"target_ts" timestamp with time zone NOT NULL,
	"target_date" date NOT NULL,
	"evaluated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"start_price" double precision NOT NULL,
	"realized_price" double precision NOT NULL,
	"realized_return" double precision NOT NULL,
	"expected_return" double precision NOT NULL,
	"direction_hit" boolean NOT NULL,
	"predicted_label" text NOT NULL,
	"realized_label" text NOT NULL,
	"label_hit" boolean NOT NULL,
	"realized_class" smallint NOT NULL,
	"confidence" double precision NOT NULL,
	"label_correct" boolean NOT NULL,
	"brier" double precision NOT NULL,
	"brier_climatology" double precision NOT NULL,
	"abs_error" double precision NOT NULL,
	"abs_error_random_walk" double precision NOT NULL,
	"in80" boolean NOT NULL,
	"in95" boolean NOT NULL,
	"option_b" text,
	"models" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "model_performance" (
	"day" date NOT NULL,
	"horizon" text NOT NULL,
	"model" text NOT NULL,
	"symbol_id" integer NOT NULL,
	"n" integer NOT NULL,
	"hits" integer NOT NULL,
	"ups" integer NOT NULL,
	"label_hits" integer NOT NULL,
	"abs_error" double precision NOT NULL,
	"abs_error_random_walk" double precision NOT NULL,
	"in80" integer NOT NULL,
	"in95" integer NOT NULL,
	"brier" double precision NOT NULL,
	"brier_climatology" double precision NOT NULL,
	"reliability" jsonb NOT NULL,
	CONSTRAINT "model_performance_day_horizon_model_symbol_id_pk" PRIMARY KEY("day","horizon","model","symbol_id")
);
--> statement-breakpoint
CREATE TABLE "model_weights" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"horizon" text NOT NULL,
	"symbol_id" integer,
	"weights" jsonb NOT NULL,
	"method" text NOT NULL,
	"inputs" jsonb NOT NULL,
	"effective_from" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "feature_drift" ADD CONSTRAINT "feature_drift_symbol_id_symbols_id_fk" FOREIGN KEY ("symbol_id") REFERENCES "public"."symbols"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forecast_evaluations" ADD CONSTRAINT "forecast_evaluations_forecast_id_forecasts_id_fk" FOREIGN KEY ("forecast_id") REFERENCES "public"."forecasts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forecast_evaluations" ADD CONSTRAINT "forecast_evaluations_symbol_id_symbols_id_fk" FOREIGN KEY ("symbol_id") REFERENCES "public"."symbols"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "forecast_evaluations_day" ON "forecast_evaluations" USING btree ("target_date","horizon");--> statement-breakpoint
CREATE INDEX "forecast_evaluations_symbol" ON "forecast_evaluations" USING btree ("symbol_id","horizon","target_date");--> statement-breakpoint
CREATE INDEX "model_performance_symbol" ON "model_performance" USING btree ("symbol_id","day");--> statement-breakpoint
CREATE INDEX "model_weights_current" ON "model_weights" USING btree ("horizon","symbol_id","effective_from" DESC NULLS LAST);
CREATE TABLE "calendar_syncs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"range_from" date NOT NULL,
	"range_to" date NOT NULL,
	"days" integer NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "corporate_actions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"symbol_id" integer NOT NULL,
	"type" text NOT NULL,
	"ex_date" date NOT NULL,
	"record_date" date,
	"payable_date" date,
	"process_date" date,
	"ratio" double precision,
	"cash_amount" double precision,
	"provider" text NOT NULL,
	"provider_id" text,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"fetched_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "market_calendar" (
	"date" date PRIMARY KEY NOT NULL,
	"open" text NOT NULL,
	"close" text NOT NULL,
	"provider" text NOT NULL,
	"fetched_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "corporate_actions" ADD CONSTRAINT "corporate_actions_symbol_id_symbols_id_fk" FOREIGN KEY ("symbol_id") REFERENCES "public"."symbols"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "corporate_actions_natural_key" ON "corporate_actions" USING btree ("symbol_id","type","ex_date");--> statement-breakpoint
CREATE INDEX "corporate_actions_ex_date" ON "corporate_actions" USING btree ("ex_date");
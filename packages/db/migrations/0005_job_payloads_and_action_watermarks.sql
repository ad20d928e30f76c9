ALTER TABLE "job_runs" ADD COLUMN "payload" jsonb;--> statement-breakpoint
ALTER TABLE "job_runs" ADD COLUMN "priority" integer;--> statement-breakpoint
ALTER TABLE "job_runs" ADD COLUMN "enqueued_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
-- Runs from before the column: queued when they were created.
UPDATE "job_runs" SET "enqueued_at" = "created_at";--> statement-breakpoint
ALTER TABLE "symbols" ADD COLUMN "actions_synced_from" date;--> statement-breakpoint
ALTER TABLE "symbols" ADD COLUMN "actions_synced_to" date;--> statement-breakpoint
CREATE INDEX "fetch_ledger_job" ON "fetch_ledger" USING btree ("job_id") WHERE job_id is not null;
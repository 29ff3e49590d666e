ALTER TABLE "case_events" ADD COLUMN "deadline_provisional" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "clock" jsonb;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_state_check" CHECK ("cases"."state" in ('submitted', 'accepted', 'not_accepted', 'assigned', 'verifying', 'findings_submitted', 'concluded', 'rectifying', 'rectification_submitted', 'closed', 'merged'));--> statement-breakpoint
-- Overdue is no longer stored: it follows from the case clock (or due_on for a record without a case).
UPDATE "rectifications" SET "status" = 'ordered' WHERE "status" = 'overdue';

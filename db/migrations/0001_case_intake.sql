CREATE TABLE "submission_keys" (
	"key" text PRIMARY KEY NOT NULL,
	"body_hash" text NOT NULL,
	"status" text NOT NULL,
	"case_id" integer,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "occurred_on" date;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "location_text" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "content_hash" text;--> statement-breakpoint
ALTER TABLE "submission_keys" ADD CONSTRAINT "submission_keys_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cases_content_hash_idx" ON "cases" USING btree ("content_hash");
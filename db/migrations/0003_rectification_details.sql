ALTER TABLE "rectifications" ADD COLUMN "category" text;--> statement-breakpoint
ALTER TABLE "rectifications" ADD COLUMN "found_on" date;--> statement-breakpoint
ALTER TABLE "rectifications" ADD COLUMN "unit_id" text;--> statement-breakpoint
ALTER TABLE "rectifications" ADD COLUMN "report" text;--> statement-breakpoint
ALTER TABLE "rectifications" ADD CONSTRAINT "rectifications_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;
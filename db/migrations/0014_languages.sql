CREATE TABLE "translation_revisions" (
	"id" serial PRIMARY KEY NOT NULL,
	"translation_id" integer NOT NULL,
	"revision" integer NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"change_note" text NOT NULL,
	"revised_at" timestamp with time zone NOT NULL,
	"revised_by" text
);
--> statement-breakpoint
CREATE TABLE "translations" (
	"id" serial PRIMARY KEY NOT NULL,
	"notice_id" integer,
	"publicity_id" integer,
	"locale" text NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" text,
	CONSTRAINT "translations_one_subject" CHECK (num_nonnulls("translations"."notice_id", "translations"."publicity_id") = 1),
	CONSTRAINT "translations_locale_check" CHECK ("translations"."locale" in ('en', 'mn'))
);
--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "locale" text DEFAULT 'zh' NOT NULL;--> statement-breakpoint
ALTER TABLE "regions" ADD COLUMN "name_en" text;--> statement-breakpoint
ALTER TABLE "units" ADD COLUMN "name_en" text;--> statement-breakpoint
ALTER TABLE "translation_revisions" ADD CONSTRAINT "translation_revisions_translation_id_translations_id_fk" FOREIGN KEY ("translation_id") REFERENCES "public"."translations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "translation_revisions" ADD CONSTRAINT "translation_revisions_revised_by_staff_users_id_fk" FOREIGN KEY ("revised_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "translations" ADD CONSTRAINT "translations_notice_id_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."notices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "translations" ADD CONSTRAINT "translations_publicity_id_publicity_lists_id_fk" FOREIGN KEY ("publicity_id") REFERENCES "public"."publicity_lists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "translations" ADD CONSTRAINT "translations_updated_by_staff_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "translation_revisions_unique" ON "translation_revisions" USING btree ("translation_id","revision");--> statement-breakpoint
CREATE UNIQUE INDEX "translations_notice_unique" ON "translations" USING btree ("notice_id","locale");--> statement-breakpoint
CREATE UNIQUE INDEX "translations_publicity_unique" ON "translations" USING btree ("publicity_id","locale");--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_locale_check" CHECK ("cases"."locale" in ('zh', 'en', 'mn'));
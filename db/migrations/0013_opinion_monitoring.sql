CREATE TABLE "monitor_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"source_id" integer NOT NULL,
	"link" text NOT NULL,
	"title_key" text NOT NULL,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"published_at" timestamp with time zone,
	"fetched_at" timestamp with time zone NOT NULL,
	"also_in" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"match" jsonb NOT NULL,
	"score" integer DEFAULT 0 NOT NULL,
	"status" text NOT NULL,
	"case_id" integer,
	"dismiss_reason" text,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"is_demo" boolean DEFAULT false NOT NULL,
	CONSTRAINT "monitor_items_link_unique" UNIQUE("link")
);
--> statement-breakpoint
CREATE TABLE "monitor_sources" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"url" text,
	"default_prefecture_code" text,
	"state" text DEFAULT 'active' NOT NULL,
	"etag" text,
	"last_modified" text,
	"last_fetched_at" timestamp with time zone,
	"last_success_at" timestamp with time zone,
	"last_error" text,
	"failures" integer DEFAULT 0 NOT NULL,
	"next_fetch_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" text,
	"is_demo" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitor_words" (
	"word" text PRIMARY KEY NOT NULL,
	"weight" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "monitor_items" ADD CONSTRAINT "monitor_items_source_id_monitor_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."monitor_sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitor_items" ADD CONSTRAINT "monitor_items_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitor_sources" ADD CONSTRAINT "monitor_sources_default_prefecture_code_regions_code_fk" FOREIGN KEY ("default_prefecture_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitor_sources" ADD CONSTRAINT "monitor_sources_created_by_staff_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "monitor_items_queue_idx" ON "monitor_items" USING btree ("status","score" DESC NULLS LAST,"fetched_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "monitor_items_title_idx" ON "monitor_items" USING btree ("title_key");--> statement-breakpoint
-- The programme's problem words (seed 000 §3 criteria; issue 16), weighted: staff edit them at /admin/monitoring/words.
INSERT INTO "monitor_words" ("word", "weight", "created_at") VALUES
	('卫生死角', 3, now()), ('黑臭水体', 3, now()), ('病媒生物', 3, now()), ('脏乱差', 3, now()), ('弄虚作假', 3, now()),
	('垃圾', 2, now()), ('污水', 2, now()), ('食品安全', 2, now()), ('农贸市场', 2, now()), ('旱厕', 2, now()),
	('老鼠', 2, now()), ('蚊蝇', 2, now()), ('蟑螂', 2, now()), ('臭气', 2, now()), ('突击检查', 2, now()), ('迎检', 2, now()),
	('公厕', 1, now()), ('占道经营', 1, now()), ('乱扔', 1, now()), ('积水', 1, now()), ('油烟', 1, now()), ('露天烧烤', 1, now()),
	('无证经营', 1, now()), ('过期食品', 2, now()), ('医疗废物', 2, now()), ('饮用水', 1, now())
ON CONFLICT DO NOTHING;

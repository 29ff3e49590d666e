// One schema for PGlite and PostgreSQL (DESIGN.md §2–§5). Migrations are generated from this file by drizzle-kit.
import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { CASE_STATES } from "../src/domain/cases.ts";
import type { StoredClock } from "../src/server/cases/clock-store.ts";

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const day = (name: string) => date(name, { mode: "string" });
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "bytea" });

// ---------------------------------------------------------------------------------------------------------------
// Regions and units 行政区划与办理单位

// Region 行政区划 (GB/T 2260; townships have 9 digits)
export const regions = pgTable(
  "regions",
  {
    code: text("code").primaryKey(),
    name: text("name").notNull(),
    level: text("level", { enum: ["province", "prefecture", "county", "township"] }).notNull(),
    // 盟, 地级市, 旗, 自治旗, 县, 县级市, 市辖区, 苏木, 乡, 镇, 街道 — null for farms, parks and other special areas
    label: text("label"),
    parentCode: text("parent_code"),
    // The league/city the region belongs to (itself for a prefecture); drives faceting and routing.
    prefectureCode: text("prefecture_code"),
    pinyin: text("pinyin").notNull().default(""),
    pinyinInitials: text("pinyin_initials").notNull().default(""),
  },
  (t) => [index("regions_parent_idx").on(t.parentCode), index("regions_prefecture_idx").on(t.prefectureCode)],
);

// Unit 办理单位: the regional office, league/city coordination mechanisms, member departments
export const units = pgTable("units", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  kind: text("kind", { enum: ["office", "prefecture", "county_city", "member"] }).notNull(),
  regionCode: text("region_code").references(() => regions.code),
  parentUnitId: text("parent_unit_id"),
  phone: text("phone"),
  email: text("email"),
  active: boolean("active").notNull().default(true),
});

// ---------------------------------------------------------------------------------------------------------------
// Staff and sessions 工作人员与会话

export const staffUsers = pgTable("staff_users", {
  id: text("id").primaryKey(),
  username: text("username").notNull().unique(),
  displayName: text("display_name").notNull(),
  role: text("role", { enum: ["admin", "officer", "handler", "auditor"] }).notNull(),
  unitId: text("unit_id").references(() => units.id),
  email: text("email"),
  passwordHash: text("password_hash").notNull(),
  totpKey: bytea("totp_key"),
  // A key being enrolled: becomes totpKey once the person has typed a valid code from it.
  totpPendingKey: bytea("totp_pending_key"),
  // The last TOTP time step accepted: a code is never accepted twice (RFC 6238 §5.2).
  totpLastStep: bigint("totp_last_step", { mode: "number" }),
  // SHA-256 of the unused recovery codes.
  recoveryCodes: jsonb("recovery_codes").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  lastLoginAt: tstz("last_login_at"),
  disabled: boolean("disabled").notNull().default(false),
  passwordChangedAt: tstz("password_changed_at").notNull().defaultNow(),
  createdAt: tstz("created_at").notNull().defaultNow(),
});

// Session as in the Lucia guide: the token is `<id>.<secret>`; only SHA-256(secret) is stored.
export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => staffUsers.id, { onDelete: "cascade" }),
    secretHash: bytea("secret_hash").notNull(),
    twoFactorVerified: boolean("two_factor_verified").notNull().default(false),
    createdAt: tstz("created_at").notNull(),
    lastSeenAt: tstz("last_seen_at").notNull(),
    expiresAt: tstz("expires_at").notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

// Throttle buckets for sign-in (per account and per IP) and public forms (per IP).
export const throttles = pgTable("throttles", {
  key: text("key").primaryKey(),
  count: integer("count").notNull().default(0),
  windowStart: tstz("window_start").notNull(),
  blockedUntil: tstz("blocked_until"),
});

// State that several portal instances on one database must share (issue 11): kept here, changed atomically.

/** Proofs of work already spent: a solved challenge is good for one submission on any instance. */
export const usedProofs = pgTable("used_proofs", {
  id: text("id").primaryKey(),
  expiresAt: tstz("expires_at").notNull(),
});

/** One row per scheduler tick actually run: the insert that wins the tick is the one instance that runs it. */
export const schedulerTicks = pgTable("scheduler_ticks", {
  tick: bigint("tick", { mode: "number" }).primaryKey(),
  instance: text("instance").notNull(),
  ranAt: tstz("ran_at").notNull(),
});

/** A service only one instance may own at a time (the bundled Meilisearch), held by heartbeat until it expires. */
export const serviceLeases = pgTable("service_leases", {
  name: text("name").primaryKey(),
  holder: text("holder").notNull(),
  detail: text("detail").notNull().default(""),
  expiresAt: tstz("expires_at").notNull(),
});

// ---------------------------------------------------------------------------------------------------------------
// Notices 通知公告

export const notices = pgTable(
  "notices",
  {
    id: serial("id").primaryKey(),
    slug: text("slug").notNull().unique(),
    docNumber: text("doc_number"), // 文号
    title: text("title").notNull(),
    type: text("type", { enum: ["notice", "circular", "publicity", "rules", "opinion", "result"] }).notNull(),
    issuer: text("issuer").notNull(),
    issuedOn: day("issued_on").notNull(),
    summary: text("summary").notNull().default(""),
    body: text("body").notNull(), // Markdown, rendered sanitised
    status: text("status", { enum: ["draft", "published", "withdrawn"] }).notNull().default("draft"),
    revision: integer("revision").notNull().default(1),
    publishedAt: tstz("published_at"),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
    isDemo: boolean("is_demo").notNull().default(false), // 示例数据
  },
  (t) => [index("notices_published_idx").on(t.status, t.publishedAt)],
);

// Published notices are never silently edited: each change is a public revision.
export const noticeRevisions = pgTable(
  "notice_revisions",
  {
    id: serial("id").primaryKey(),
    noticeId: integer("notice_id")
      .notNull()
      .references(() => notices.id, { onDelete: "cascade" }),
    revision: integer("revision").notNull(),
    title: text("title").notNull(),
    docNumber: text("doc_number"),
    body: text("body").notNull(),
    changeNote: text("change_note").notNull(), // public reason for the change
    revisedAt: tstz("revised_at").notNull(),
    revisedBy: text("revised_by").references(() => staffUsers.id),
  },
  (t) => [uniqueIndex("notice_revisions_unique").on(t.noticeId, t.revision)],
);

export const noticeAttachments = pgTable("notice_attachments", {
  id: serial("id").primaryKey(),
  noticeId: integer("notice_id")
    .notNull()
    .references(() => notices.id, { onDelete: "cascade" }),
  filename: text("filename").notNull(),
  mimeType: text("mime_type").notNull(),
  size: integer("size").notNull(),
  sha256: text("sha256").notNull(),
  storageKey: text("storage_key").notNull(),
  createdAt: tstz("created_at").notNull().defaultNow(),
});

export const noticeRegions = pgTable(
  "notice_regions",
  {
    noticeId: integer("notice_id")
      .notNull()
      .references(() => notices.id, { onDelete: "cascade" }),
    regionCode: text("region_code")
      .notNull()
      .references(() => regions.code),
  },
  (t) => [primaryKey({ columns: [t.noticeId, t.regionCode] })],
);

// ---------------------------------------------------------------------------------------------------------------
// Publicity 社会公示

export const publicityLists = pgTable("publicity_lists", {
  id: serial("id").primaryKey(),
  title: text("title").notNull(),
  docNumber: text("doc_number"),
  noticeId: integer("notice_id").references(() => notices.id),
  honours: jsonb("honours").$type<string[]>().notNull(),
  opensAt: tstz("opens_at").notNull(),
  closesAt: tstz("closes_at").notNull(), // last instant an objection is accepted
  originalClosesAt: tstz("original_closes_at"), // set when the window was extended
  extensionNote: text("extension_note"),
  cutoffTime: text("cutoff_time"), // "HH:MM" on the last day, when the list names one
  letterDating: text("letter_dating", { enum: ["postmark_dispatch", "postmark_arrival"] })
    .notNull()
    .default("postmark_dispatch"),
  contactPhone: text("contact_phone"),
  contactEmail: text("contact_email"),
  contactAddress: text("contact_address"),
  description: text("description").notNull().default(""),
  publishedAt: tstz("published_at"),
  isDemo: boolean("is_demo").notNull().default(false),
});

export const publicityEntries = pgTable(
  "publicity_entries",
  {
    id: serial("id").primaryKey(),
    publicityId: integer("publicity_id")
      .notNull()
      .references(() => publicityLists.id, { onDelete: "cascade" }),
    regionCode: text("region_code")
      .notNull()
      .references(() => regions.code),
    honour: text("honour").notNull(),
    prefectureCode: text("prefecture_code").references(() => regions.code),
    outcome: text("outcome", { enum: ["recommended", "withdrawn", "under_verification"] }),
    outcomeNote: text("outcome_note"),
    sortOrder: integer("sort_order").notNull().default(0),
  },
  (t) => [uniqueIndex("publicity_entries_unique").on(t.publicityId, t.regionCode, t.honour)],
);

// ---------------------------------------------------------------------------------------------------------------
// Designations 命名与创建进程

export const designations = pgTable(
  "designations",
  {
    id: serial("id").primaryKey(),
    regionCode: text("region_code")
      .notNull()
      .references(() => regions.code),
    honour: text("honour").notNull(),
    status: text("status", {
      enum: ["cultivating", "recommended", "in_publicity", "named", "re_review", "confirmed", "warned", "revoked", "merged"],
    }).notNull(),
    namedOn: day("named_on"),
    lastReviewedOn: day("last_reviewed_on"),
    nextReviewDue: day("next_review_due"),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
    isDemo: boolean("is_demo").notNull().default(false),
  },
  (t) => [uniqueIndex("designations_unique").on(t.regionCode, t.honour), index("designations_status_idx").on(t.status)],
);

export const designationEvents = pgTable(
  "designation_events",
  {
    id: serial("id").primaryKey(),
    designationId: integer("designation_id")
      .notNull()
      .references(() => designations.id, { onDelete: "cascade" }),
    kind: text("kind", {
      enum: ["cultivation", "recommendation", "publicity", "named", "re_review", "confirmed", "warned", "rectified", "revoked", "merged"],
    }).notNull(),
    occurredOn: day("occurred_on").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    noticeId: integer("notice_id").references(() => notices.id),
    publicityId: integer("publicity_id").references(() => publicityLists.id),
  },
  (t) => [index("designation_events_designation_idx").on(t.designationId, t.occurredOn)],
);

// Rectification publicity 整改公示 (seed 001 §11): verified problems and their status, per town.
export const rectifications = pgTable("rectifications", {
  id: serial("id").primaryKey(),
  regionCode: text("region_code")
    .notNull()
    .references(() => regions.code),
  caseId: integer("case_id"),
  problem: text("problem").notNull(),
  category: text("category"),
  foundOn: day("found_on"), // when the problem was found substantiated
  unitId: text("unit_id").references(() => units.id), // who rectifies
  // The unit's report: public only once the office has accepted it (status done).
  report: text("report"),
  // Whether it is overdue is not stored: it follows from the case clock (or dueOn for a record without a case).
  status: text("status", { enum: ["ordered", "in_progress", "done"] }).notNull(),
  // Only for records without a case; a case's 整改期限 is its clock's.
  dueOn: day("due_on"),
  doneOn: day("done_on"),
  publishedAt: tstz("published_at"),
  isDemo: boolean("is_demo").notNull().default(false),
});

// Responsibility list 任务分解 (seed 004)
export const responsibilities = pgTable("responsibilities", {
  id: serial("id").primaryKey(),
  seq: integer("seq").notNull(),
  section: text("section").notNull(),
  area: text("area").notNull(), // 工作内容
  task: text("task").notNull(), // 工作任务
  leadUnit: text("lead_unit").notNull(), // 牵头单位
  responsibleUnits: text("responsible_units").notNull(), // 责任单位
  source: text("source").notNull(),
  noticeId: integer("notice_id").references(() => notices.id),
});

// ---------------------------------------------------------------------------------------------------------------
// Cases 受理件

export const cases = pgTable(
  "cases",
  {
    id: serial("id").primaryKey(),
    trackingNumber: text("tracking_number").notNull().unique(),
    accessCodeHash: text("access_code_hash").notNull(),
    kind: text("kind", { enum: ["objection", "lead", "complaint", "suggestion"] }).notNull(),
    source: text("source", {
      enum: ["web", "national_transfer", "media_monitoring", "hotline", "letter"],
    }).notNull(),
    category: text("category").notNull(),
    state: text("state").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull(),
    regionCode: text("region_code").references(() => regions.code),
    publicityEntryId: integer("publicity_entry_id").references(() => publicityEntries.id),
    leadUrl: text("lead_url"),
    occurredOn: day("occurred_on"),
    locationText: text("location_text"),
    // Fingerprint of the submitted content: a repeat within a day is answered with the earlier number.
    contentHash: text("content_hash"),
    submitterName: text("submitter_name"),
    submitterPhone: text("submitter_phone"),
    submitterEmail: text("submitter_email"),
    consentContact: boolean("consent_contact").notNull().default(false),
    consentPublish: boolean("consent_publish").notNull().default(false),
    assignedUnitId: text("assigned_unit_id").references(() => units.id),
    routing: jsonb("routing").$type<{ unitId: string; decidedBy: unknown; explanation: string }>(),
    finding: text("finding", { enum: ["substantiated", "partly", "unsubstantiated"] }),
    publicReply: text("public_reply"),
    mergedIntoId: integer("merged_into_id"),
    // The case clock (src/domain/clock.ts) as JSON; the columns below are derived from it for queries.
    clock: jsonb("clock").$type<StoredClock>(),
    stage: text("stage"), // which deadline runs: accept | assign | verify | review | rectify
    deadlineAt: tstz("deadline_at"),
    deadlineProvisional: boolean("deadline_provisional").notNull().default(false),
    extended: boolean("extended").notNull().default(false),
    pausedAt: tstz("paused_at"),
    rating: text("rating", { enum: ["satisfied", "basically_satisfied", "unsatisfied"] }),
    reexamRequestedAt: tstz("reexam_requested_at"),
    // Optimistic concurrency: a form carries the version it was rendered from; a stale one is refused.
    version: integer("version").notNull().default(0),
    // The deadline a reminder was sent for, and when the case was flagged overdue (scheduler).
    remindedDeadlineAt: tstz("reminded_deadline_at"),
    overdueAt: tstz("overdue_at"),
    extensionRequest: jsonb("extension_request").$type<{ workingDays: number; reason: string; requestedBy: string; requestedAt: string }>(),
    reexamReason: text("reexam_reason"),
    receivedAt: tstz("received_at").notNull(),
    closedAt: tstz("closed_at"),
    updatedAt: tstz("updated_at").notNull(),
    isDemo: boolean("is_demo").notNull().default(false),
  },
  (t) => [
    index("cases_state_idx").on(t.state),
    index("cases_unit_idx").on(t.assignedUnitId),
    index("cases_received_idx").on(t.receivedAt),
    index("cases_content_hash_idx").on(t.contentHash),
    check("cases_state_check", sql`${t.state} in (${sql.raw(CASE_STATES.map((s) => `'${s}'`).join(", "))})`),
  ],
);

// Append-only: every transition is an event.
export const caseEvents = pgTable(
  "case_events",
  {
    id: serial("id").primaryKey(),
    caseId: integer("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    action: text("action").notNull(),
    fromState: text("from_state"),
    toState: text("to_state").notNull(),
    at: tstz("at").notNull(),
    actorUserId: text("actor_user_id").references(() => staffUsers.id),
    actorLabel: text("actor_label").notNull(),
    unitId: text("unit_id").references(() => units.id),
    publicNote: text("public_note"),
    internalNote: text("internal_note"),
    finding: text("finding", { enum: ["substantiated", "partly", "unsubstantiated"] }),
    // The deadline this event set, and whether it lay in a year without a published schedule (暂定).
    deadlineAt: tstz("deadline_at"),
    deadlineProvisional: boolean("deadline_provisional").notNull().default(false),
    // Working days granted by an extension or set for rectification.
    workingDays: integer("working_days"),
  },
  (t) => [index("case_events_case_idx").on(t.caseId, t.at)],
);

// Evidence is never public; images are stored re-encoded without metadata.
export const caseEvidence = pgTable("case_evidence", {
  id: serial("id").primaryKey(),
  caseId: integer("case_id")
    .notNull()
    .references(() => cases.id, { onDelete: "cascade" }),
  filename: text("filename").notNull(),
  mimeType: text("mime_type").notNull(),
  size: integer("size").notNull(),
  sha256: text("sha256").notNull(),
  storageKey: text("storage_key").notNull(),
  // Null for the submitter's files; the staff member who attached findings or a rectification report otherwise.
  uploadedBy: text("uploaded_by").references(() => staffUsers.id),
  createdAt: tstz("created_at").notNull().defaultNow(),
});

// Staff inbox 站内通知: to one user, or to every user of a unit.
export const notifications = pgTable(
  "notifications",
  {
    id: serial("id").primaryKey(),
    userId: text("user_id").references(() => staffUsers.id, { onDelete: "cascade" }),
    unitId: text("unit_id").references(() => units.id),
    caseId: integer("case_id").references(() => cases.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["assigned", "reminder", "overdue", "returned", "extension_decided", "findings", "rectification", "info"] }).notNull(),
    title: text("title").notNull(),
    body: text("body").notNull().default(""),
    createdAt: tstz("created_at").notNull(),
    readAt: tstz("read_at"),
    mailedAt: tstz("mailed_at"),
  },
  (t) => [index("notifications_user_idx").on(t.userId, t.readAt), index("notifications_unit_idx").on(t.unitId, t.readAt)],
);

// Idempotency keys of submissions: a retried or double-clicked submit returns the same case, never two.
export const submissionKeys = pgTable("submission_keys", {
  key: text("key").primaryKey(),
  bodyHash: text("body_hash").notNull(),
  status: text("status", { enum: ["running", "done"] }).notNull(),
  caseId: integer("case_id").references(() => cases.id, { onDelete: "cascade" }),
  createdAt: tstz("created_at").notNull(),
});

// Daily sequence for tracking numbers GSyyyymmddNNNNNN.
export const caseSequences = pgTable("case_sequences", {
  day: day("day").primaryKey(),
  lastSeq: integer("last_seq").notNull(),
});

// Routing rules are data (DESIGN.md §4 rule 3).
export const routingRules = pgTable("routing_rules", {
  id: text("id").primaryKey(),
  kind: text("kind"),
  category: text("category"),
  regionPrefix: text("region_prefix"),
  unitId: text("unit_id")
    .notNull()
    .references(() => units.id),
  priority: integer("priority").notNull().default(0),
  active: boolean("active").notNull().default(true),
  note: text("note").notNull().default(""),
});

// ---------------------------------------------------------------------------------------------------------------
// Official calendar 法定节假日与调休

export const calendarYears = pgTable("calendar_years", {
  year: integer("year").primaryKey(),
  provisional: boolean("provisional").notNull(),
  source: text("source", { enum: ["chinese-days", "computed", "staff"] }).notNull(),
  loadedAt: tstz("loaded_at").notNull(),
});

// Exceptions only: other days follow the weekday/weekend rule.
export const calendarDays = pgTable("calendar_days", {
  date: day("date").primaryKey(),
  year: integer("year")
    .notNull()
    .references(() => calendarYears.year, { onDelete: "cascade" }),
  kind: text("kind", { enum: ["holiday", "makeup_workday"] }).notNull(),
  name: text("name").notNull(),
});

// ---------------------------------------------------------------------------------------------------------------
// Audit log and search outbox

// Append-only and hash-chained: each row stores the previous row's hash.
export const auditLog = pgTable("audit_log", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  at: tstz("at").notNull(),
  actorUserId: text("actor_user_id"),
  actorLabel: text("actor_label").notNull(),
  action: text("action").notNull(),
  objectType: text("object_type").notNull(),
  objectId: text("object_id").notNull(),
  reason: text("reason"),
  details: jsonb("details").$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  prevHash: text("prev_hash").notNull(),
  hash: text("hash").notNull(),
});

export const searchOutbox = pgTable(
  "search_outbox",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    indexName: text("index_name", { enum: ["notices", "publicity", "towns"] }).notNull(),
    docId: text("doc_id").notNull(),
    op: text("op", { enum: ["upsert", "delete"] }).notNull(),
    createdAt: tstz("created_at").notNull().defaultNow(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: tstz("next_attempt_at").notNull().defaultNow(),
    lastError: text("last_error"),
    doneAt: tstz("done_at"),
  },
  (t) => [index("search_outbox_pending_idx").on(t.doneAt, t.nextAttemptAt)],
);

// Key/value settings staff can change at run time (e.g. the office's contact details).
export const settings = pgTable("settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: tstz("updated_at").notNull().defaultNow(),
});

// ---------------------------------------------------------------------------------------------------------------
// E-mail alerts 邮件提醒 (double opt-in): new notices, new publicity lists, or everything about one league/city.

export const subscriptions = pgTable(
  "subscriptions",
  {
    id: serial("id").primaryKey(),
    email: text("email").notNull(),
    // "notices" | "publicity" | "region:<prefecture code>"
    topic: text("topic").notNull(),
    status: text("status", { enum: ["pending", "confirmed", "unsubscribed"] }).notNull(),
    createdAt: tstz("created_at").notNull(),
    confirmedAt: tstz("confirmed_at"),
    unsubscribedAt: tstz("unsubscribed_at"),
  },
  (t) => [uniqueIndex("subscriptions_email_topic").on(t.email, t.topic), index("subscriptions_topic_idx").on(t.topic, t.status)],
);

// What was published, queued in the publishing transaction; the mail job sends it to matching subscribers.
export const alertQueue = pgTable("alert_queue", {
  id: serial("id").primaryKey(),
  kind: text("kind", { enum: ["notice", "publicity", "designation", "rectification"] }).notNull(),
  title: text("title").notNull(),
  url: text("url").notNull(),
  summary: text("summary").notNull().default(""),
  prefectureCodes: jsonb("prefecture_codes").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  createdAt: tstz("created_at").notNull(),
  doneAt: tstz("done_at"),
});

// One row per mail sent, so that a retried run never mails the same alert twice.
export const alertDeliveries = pgTable(
  "alert_deliveries",
  {
    alertId: integer("alert_id")
      .notNull()
      .references(() => alertQueue.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    sentAt: tstz("sent_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.alertId, t.email] })],
);

// Messages to the person who filed a case 回执与进度通知: the receipt and each public status change, by mail (the
// address given at filing) or SMS (the mobile number), and access-code recovery codes. Written in the transaction
// that creates or changes the case, sent by the scheduler's mail job. The body (and SMS parameters) may hold the
// access code or a one-time code: they are kept only until sent, then blanked (null), so no code sits in clear at
// rest longer than the queue needs. A row is claimed (claimed_at) before sending, so two instances never send it twice.
export const citizenMessages = pgTable(
  "citizen_messages",
  {
    id: serial("id").primaryKey(),
    caseId: integer("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["receipt", "update", "recovery"] }).notNull(),
    channel: text("channel", { enum: ["email", "sms"] }).notNull(),
    recipient: text("recipient").notNull(),
    subject: text("subject").notNull().default(""),
    /** Mail text; null once sent. */
    body: text("body"),
    /** SMS template code and parameters; the parameters are null once sent. */
    template: text("template"),
    params: jsonb("params").$type<Record<string, string>>(),
    createdAt: tstz("created_at").notNull(),
    claimedAt: tstz("claimed_at"),
    sentAt: tstz("sent_at"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
  },
  (t) => [index("citizen_messages_pending_idx").on(t.sentAt, t.id), index("citizen_messages_case_idx").on(t.caseId)],
);

// One-time codes for access-code recovery 找回查询码: sent to the phone or e-mail given at filing; only SHA-256 of the
// code is stored; one use, short life, a few tries.
export const accessCodeRecoveries = pgTable(
  "access_code_recoveries",
  {
    id: serial("id").primaryKey(),
    caseId: integer("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    channel: text("channel", { enum: ["email", "sms"] }).notNull(),
    codeHash: text("code_hash").notNull(),
    createdAt: tstz("created_at").notNull(),
    expiresAt: tstz("expires_at").notNull(),
    usedAt: tstz("used_at"),
    failedAttempts: integer("failed_attempts").notNull().default(0),
  },
  (t) => [index("access_code_recoveries_case_idx").on(t.caseId, t.createdAt)],
);

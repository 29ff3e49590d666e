// The read-only JSON API's schemas (zod): they validate every request's query and are turned into the OpenAPI 3.1
// document (src/server/api/openapi.ts), so the contract is written once.
import { z } from "zod";
import { DESIGNATION_EVENT_KINDS, DESIGNATION_STATUSES } from "../../domain/designations.ts";
import { HONOUR_IDS, type Honour } from "../../domain/honours.ts";
import { ENTRY_OUTCOMES } from "../../domain/publicity.ts";
import { NOTICE_TYPE_LABELS, type NoticeType } from "../notices.ts";
import { RECTIFICATION_STATUSES } from "../rectifications.ts";

const honour = z.enum(HONOUR_IDS as [Honour, ...Honour[]]).describe("称号代码");
const noticeType = z.enum(Object.keys(NOTICE_TYPE_LABELS) as [NoticeType, ...NoticeType[]]).describe("通知类别");
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).describe("日期（年-月-日，北京时间）");
const instant = z.string().describe("时间（ISO 8601，UTC）");
const cursor = z.string().max(200).optional().describe("上一页返回的 next_cursor");
const limit = z.coerce.number().int().min(1, "limit 至少为 1").max(100, "limit 最多为 100").default(20).describe("每页条数，1–100");
const year = z.coerce.number().int().min(2000, "年份无效").max(2100, "年份无效").optional();
const prefecture = z.string().regex(/^\d{6}$/, "盟市代码须为 6 位数字");
const regionCode = z.string().regex(/^\d{6}(\d{3})?$/, "行政区划代码须为 6 位或 9 位数字");

export const ApiError = z.object({ code: z.string().describe("稳定的错误代码"), message: z.string().describe("中文说明") }).meta({ id: "Error" });

// --- queries ---------------------------------------------------------------------------------------------------
export const NoticeQuery = z.object({ type: noticeType.optional(), issuer: z.string().max(100).optional(), year, limit, cursor });
export const PublicityQuery = z.object({ status: z.enum(["scheduled", "open", "closed"]).optional().describe("即将开始/公示中/已结束"), year, limit, cursor });
export const DesignationQuery = z.object({ honour: honour.optional(), prefecture: prefecture.optional(), status: z.enum(DESIGNATION_STATUSES).optional(), year, limit, cursor });
export const RectificationQuery = z.object({
  prefecture: prefecture.optional().describe("盟市代码（6 位）"),
  status: z.enum(RECTIFICATION_STATUSES).optional().describe("已责令整改/整改中/整改完成（已验收）/逾期未完成"),
  limit,
  cursor,
});
export const RegionQuery = z.object({ parent: regionCode.optional().describe("上级行政区划代码；省略时为各盟市") });
export const StatsQuery = z.object({ year });
export const NoParams = z.object({});

// --- resources -------------------------------------------------------------------------------------------------
const version = z.object({ title: z.string(), body: z.string().describe("正文或说明；为空时只译了标题") });
const translated = z
  .object({ en: version.optional().describe("英文版本"), mn: version.optional().describe("蒙古文版本（传统蒙古文）") })
  .describe("工作人员录入的外文版本；没有时为空对象。其余字段均为中文原文");
export const NoticeSummary = z
  .object({ slug: z.string(), title: z.string(), doc_number: z.string().nullable(), type: noticeType, issuer: z.string(), issued_on: date, summary: z.string(), revision: z.number().int(), updated_at: instant, url: z.string(), is_demo: z.boolean(), translations: translated })
  .meta({ id: "NoticeSummary" });
export const Notice = NoticeSummary.extend({
  body_markdown: z.string(),
  published_at: instant.nullable(),
  regions: z.array(z.string()),
  revisions: z.array(z.object({ revision: z.number().int(), change_note: z.string(), revised_at: instant, title: z.string() })),
  attachments: z.array(
    z.object({
      name: z.string().describe("文件名"),
      type: z.string().describe("MIME 类型（按文件内容判定），如 application/pdf"),
      size: z.number().int().describe("字节数"),
      url: z.string().describe("下载地址（长期有效）"),
    }),
  ),
}).meta({ id: "Notice" });

export const PublicitySummary = z
  .object({ id: z.number().int(), title: z.string(), doc_number: z.string().nullable(), honours: z.array(z.string()), opens_at: instant, closes_at: instant, original_closes_at: instant.nullable(), status: z.enum(["scheduled", "open", "closed"]), entry_count: z.number().int(), url: z.string(), is_demo: z.boolean(), translations: translated })
  .meta({ id: "PublicitySummary" });
export const Publicity = PublicitySummary.extend({
  description: z.string(),
  objection_count: z.number().int(),
  entries: z.array(z.object({ id: z.number().int(), region_code: z.string(), name: z.string(), honour: z.string(), prefecture_code: z.string().nullable(), outcome: z.enum(ENTRY_OUTCOMES).nullable(), outcome_note: z.string().nullable() })),
}).meta({ id: "Publicity" });

export const DesignationSummary = z
  .object({ id: z.number().int(), region_code: z.string(), name: z.string(), prefecture_name: z.string().nullable(), honour: z.string(), status: z.enum(DESIGNATION_STATUSES), named_on: date.nullable(), next_review_due: date.nullable(), url: z.string(), is_demo: z.boolean() })
  .meta({ id: "DesignationSummary" });
export const RegionDesignations = z
  .object({
    region: z.object({ code: z.string(), name: z.string(), level: z.string(), prefecture_code: z.string().nullable() }),
    designations: z.array(
      z.object({
        honour: z.string(),
        status: z.enum(DESIGNATION_STATUSES),
        named_on: date.nullable(),
        last_reviewed_on: date.nullable(),
        next_review_due: date.nullable(),
        history: z.array(z.object({ kind: z.enum(DESIGNATION_EVENT_KINDS), occurred_on: date, title: z.string(), description: z.string(), notice_slug: z.string().nullable() })),
      }),
    ),
  })
  .meta({ id: "RegionDesignations" });

export const Rectification = z
  .object({
    id: z.number().int(),
    region_code: z.string(),
    place: z.string().describe("整改地点（地区名称）"),
    prefecture: z.string().nullable().describe("所属盟市"),
    problem: z.string(),
    category: z.string().nullable().describe("问题类别代码"),
    category_label: z.string().nullable(),
    found_on: date.nullable().describe("核实属实的日期"),
    due_on: date.nullable().describe("整改期限（按受理件计时推算，延期、暂停会改变它）"),
    due_on_provisional: z.boolean().describe("整改期限所在年份的国务院节假日安排尚未公布，期限为暂定"),
    status: z.enum(RECTIFICATION_STATUSES).describe("逾期未完成由整改期限推算"),
    status_label: z.string(),
    done_on: date.nullable().describe("验收通过的日期"),
    unit: z.string().nullable().describe("承办单位"),
    report: z.string().nullable().describe("整改情况：验收通过后才公开"),
    published_at: instant,
    url: z.string(),
    is_demo: z.boolean(),
  })
  .meta({ id: "Rectification" });

export const Region = z.object({ code: z.string(), name: z.string(), level: z.enum(["prefecture", "county", "township"]), pinyin: z.string(), pinyin_initials: z.string() }).meta({ id: "Region" });
export const Milestone = z.object({ id: z.string(), date, title: z.string(), article: z.string(), cycle_year: z.number().int(), cycle_start: z.number().int() }).meta({ id: "Milestone" });
const Tally = z.object({ received: z.number().int(), accepted: z.number().int(), concluded: z.number().int(), on_time: z.number().int(), overdue: z.number().int(), median_working_days: z.number().nullable(), ratings: z.object({ satisfied: z.number().int(), basically_satisfied: z.number().int(), unsatisfied: z.number().int() }) }).meta({ id: "Tally" });
export const Stats = z
  .object({
    year: z.number().int(),
    total: Tally,
    units: z.array(z.object({ code: z.string(), name: z.string(), tally: Tally })),
    months: z.array(z.object({ month: z.string(), tally: Tally })),
    objections: z.array(z.object({ publicity_id: z.number().int(), title: z.string(), count: z.number().int() })),
  })
  .meta({ id: "Stats" });

export const page = <T extends z.ZodType>(item: T, id: string) => z.object({ items: z.array(item), next_cursor: z.string().nullable().describe("下一页的游标；没有更多时为 null") }).meta({ id });

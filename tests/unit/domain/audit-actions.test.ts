// Every action the code writes to the audit log has a Chinese label (issue 15): the test reads src/ for the action
// strings given to appendAudit/audit and fails naming any without one.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { auditActionLabel, AUDIT_ACTION_LABELS, AUDIT_OBJECT_LABELS, detailLines } from "../../../src/domain/audit-actions.ts";
import { HANDLER_ACTIONS, OFFICE_ACTIONS } from "../../../src/domain/cases.ts";

const SRC = new URL("../../../src", import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ts|astro)$/.test(name) ? [path] : [];
  });
}

/**
 * The string literals in every `action: …` up to the next comma or brace, e.g. both arms of a ternary; not the
 * arguments of a call (`action: form.get("action")`).
 */
function actionStrings(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of files(SRC)) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/\baction:\s*([^,}\n]+)/g)) {
      for (const lit of m[1]!.matchAll(/(?<![(\w])"([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)?)"/g)) found.set(lit[1]!, file.slice(SRC.length + 1));
    }
  }
  return found;
}

describe("audit action labels", () => {
  it("label every action string found in src/ (case events are written as case.<event>)", () => {
    const found = actionStrings();
    expect(found.size).toBeGreaterThan(30);
    const missing = [...found].filter(([a]) => !(a in AUDIT_ACTION_LABELS) && !(`case.${a}` in AUDIT_ACTION_LABELS)).map(([a, file]) => `${a} (${file})`);
    expect(missing).toEqual([]);
  });

  it("label the actions other parts of issue 15 write, and every case action", () => {
    for (const a of ["cases.export", "saved_filter.create", "saved_filter.delete", "case.record_offline", "routing_rule.create", "routing_rule.update", "routing_rule.disable", "routing_rule.enable", "routing_rule.reorder", "notice.attachment_add", "notice.attachment_remove", "evidence.download", "audit.export", "audit.checkpoint"]) {
      expect(auditActionLabel(a), a).toMatch(/[\u4e00-\u9fff]/);
    }
    for (const a of [...OFFICE_ACTIONS, ...HANDLER_ACTIONS]) expect(auditActionLabel(`case.${a}`)).toMatch(/^受理件：[\u4e00-\u9fff]/);
    expect(auditActionLabel("case.reveal_identity")).toBe("查看反映人身份");
    expect(auditActionLabel("designation.revoked")).toBe("称号：撤销命名");
  });

  it("label every object type the code writes", () => {
    const types = new Map<string, string>();
    for (const file of files(SRC)) {
      for (const m of readFileSync(file, "utf8").matchAll(/\bobjectType:\s*"([a-z_]+)"/g)) types.set(m[1]!, file.slice(SRC.length + 1));
    }
    expect(types.size).toBeGreaterThan(5);
    expect([...types].filter(([t]) => !(t in AUDIT_OBJECT_LABELS)).map(([t, file]) => `${t} (${file})`)).toEqual([]);
  });

  it("show an unknown action as its code", () => {
    expect(auditActionLabel("something.new")).toBe("something.new");
  });

  it("render details as readable lines in a fixed order, nested one level, roles, states and actions in Chinese", () => {
    // As jsonb returns them: shortest key first.
    expect(detailLines({ ip: "10.0.0.1", to: { role: "officer" }, odd: [1, 2], from: { role: "handler", unitId: "unit-150200" }, filter: { action: "case.accept" } })).toEqual([
      { label: "IP 地址", value: "10.0.0.1" },
      { label: "原 角色", value: "办理单位" },
      { label: "原 单位", value: "unit-150200" },
      { label: "改为 角色", value: "自治区爱卫办工作人员" },
      { label: "筛选条件 操作", value: "受理件：受理" },
      { label: "odd", value: "1、2" },
    ]);
    expect(detailLines({ to: "accepted", from: "submitted" })).toEqual([
      { label: "原", value: "待受理" },
      { label: "改为", value: "已受理" },
    ]);
    expect(detailLines(null)).toEqual([]);
  });
});

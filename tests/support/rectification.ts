// A complaint about 达拉特旗 driven through the real case services to 责令整改 on Friday 2026-11-20, for tests that
// read what the rectification publishes (API, iCal). The filer gives a name and phone that must never appear.
import { performAction, type StaffActor } from "../../src/server/cases/actions.ts";
import { submitReport } from "../../src/server/intake/submit.ts";
import type { TestDatabase } from "./databases.ts";
import { staffActors } from "./staff.ts";

const at = (day: string) => new Date(`${day}T02:00:00Z`);

export async function orderRectification(database: TestDatabase, evidenceDir: string, problem: string, workingDays: number): Promise<void> {
  const as = await staffActors(database.db);
  const officer = as("officer");
  const handler = as("handler");
  const out = await submitReport(
    { fields: { kind: "complaint", regionCode: "150621", category: "sanitation", description: `整改公示测试：${problem}`, name: "欧阳明", phone: "13912345678" }, files: [] },
    { db: database.db, evidenceDir, now: at("2026-11-16") },
  );
  if (out.status !== "created") throw new Error(JSON.stringify(out));
  let version = 0;
  const step = async (actor: StaffActor, action: Parameters<typeof performAction>[1]["action"], day: string) => {
    const r = await performAction(database.db, { caseId: out.receipt.caseId, version, actor, action, now: at(day) });
    if (!r.ok) throw new Error(`${action.type}: ${r.reason}`);
    version = r.version;
  };
  await step(officer, { type: "accept" }, "2026-11-16");
  await step(officer, { type: "assign", unitId: "unit-150600" }, "2026-11-16");
  await step(handler, { type: "start" }, "2026-11-17");
  await step(handler, { type: "submit_findings", finding: "substantiated", summary: "经现场核查，问题属实。" }, "2026-11-18");
  await step(officer, { type: "conclude", finding: "substantiated", publicReply: "经核实，问题属实，已责令整改。" }, "2026-11-19");
  await step(officer, { type: "order_rectification", workingDays, problem }, "2026-11-20");
}

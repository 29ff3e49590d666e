// Open311 GeoReport v2 on PGlite and PostgreSQL: a POST files a complaint the back office sees, bad posts get
// Open311-style errors in Chinese, and listed requests carry no personal data or description text.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "../../../src/server/bootstrap.ts";
import { performAction, type StaffActor } from "../../../src/server/cases/actions.ts";
import { listCases } from "../../../src/server/cases/queues.ts";
import { listRequests, oneRequest, postRequest, serviceDefinition, services } from "../../../src/server/open311.ts";
import { DRIVERS, freshDatabase, type TestDatabase } from "../../support/databases.ts";
import { staffActors } from "../../support/staff.ts";

const NOW = new Date("2026-12-01T02:00:00Z");

describe.each(DRIVERS)("Open311 on %s", (driver) => {
  let database: TestDatabase;
  let officer: StaffActor;
  beforeAll(async () => {
    database = await freshDatabase(driver);
    await bootstrap(database, { provinceCode: "150000", officeName: "内蒙古自治区爱国卫生运动委员会办公室", now: NOW });
    officer = (await staffActors(database.db))("officer");
  }, 120_000);
  afterAll(() => database?.dispose());

  it("lists our categories as services, each asking for the place as an attribute", () => {
    expect(services().map((s) => s.service_code)).toContain("sanitation");
    expect(serviceDefinition("sanitation")!.attributes[0]).toMatchObject({ code: "region_code", required: true });
    expect(serviceDefinition("nope")).toBeNull();
  });

  it("files a complaint the back office sees, with a tracking number and an access code", async () => {
    const form = { service_code: "sanitation", "attribute[region_code]": "150621", description: "Open311 测试：树林召镇主街垃圾堆放多日无人清运。", first_name: "明", last_name: "欧阳", phone: "13912345678" };
    const res = await postRequest(database.db, form, "10.0.0.1", NOW, 10);
    expect(res.status).toBe(201);
    const [created] = res.body as { service_request_id: string; access_code: string }[];
    expect(created!.service_request_id).toMatch(/^GS\d{14}$/);
    expect(created!.access_code).toMatch(/^[A-Z2-9]{10}$|^[A-Z2-9-]{12}$/);
    const queue = await listCases(database.db, officer, { queue: "unassigned", q: created!.service_request_id }, NOW);
    expect(queue.rows.map((r) => r.trackingNumber)).toEqual([created!.service_request_id]);

    // Not public until accepted; then public without the person or the text.
    expect((await oneRequest(database.db, created!.service_request_id)).status).toBe(404);
    await performAction(database.db, { caseId: queue.rows[0]!.id, version: 0, actor: officer, action: { type: "accept" }, now: NOW });
    const one = await oneRequest(database.db, created!.service_request_id);
    expect(one.status).toBe(200);
    const [s] = one.body as Record<string, unknown>[];
    expect(s).toMatchObject({ status: "open", status_notes: "已受理", service_code: "sanitation", address: "达拉特旗", agency_responsible: "自治区爱卫办" });
    expect(JSON.stringify(s)).not.toMatch(/欧阳|1391234|树林召镇主街/);
  });

  it("answers bad posts with Open311 errors in Chinese and stores nothing", async () => {
    const before = (await listCases(database.db, officer, { queue: "all", limit: 100 }, NOW)).rows.length;
    expect(await postRequest(database.db, { service_code: "graffiti", description: "x" }, "10.0.0.2", NOW, 10)).toEqual({ status: 400, body: [{ code: 400, description: "service_code 无效，请先查询 services.json" }] });
    const missing = await postRequest(database.db, { service_code: "food", description: "短" }, "10.0.0.2", NOW, 10);
    expect(missing.status).toBe(400);
    expect((missing.body as { description: string }[]).map((e) => e.description)).toEqual(expect.arrayContaining([expect.stringMatching(/^attribute\[region_code\]：/), expect.stringMatching(/^description：反映内容至少/)]));
    expect((await postRequest(database.db, { service_code: "food", "attribute[kind]": "objection", description: "x" }, "10.0.0.2", NOW, 10)).status).toBe(400);
    expect((await listCases(database.db, officer, { queue: "all", limit: 100 }, NOW)).rows.length).toBe(before);
  });

  it("counts only accepted requests against the hourly limit, as the form does", async () => {
    // Limit 3 an hour → 1 for clients without a proof of work, as Open311 clients are.
    const ip = "10.0.7.1";
    for (let i = 0; i < 3; i++) expect((await postRequest(database.db, { service_code: "food", description: "短" }, ip, NOW, 3)).status).toBe(400);
    const ok = { service_code: "sanitation", "attribute[region_code]": "150621", description: "限额测试：镇区主街两侧垃圾堆放多日无人清运，气味很大。" };
    expect((await postRequest(database.db, ok, ip, NOW, 3)).status).toBe(201);
    const second = await postRequest(database.db, { ...ok, description: `${ok.description}第二次。` }, ip, NOW, 3);
    expect(second.status).toBe(429);
    expect((second.body as { description: string }[])[0]!.description).toContain("后再试");
  });

  it("publishes a case's outcome only with the submitter's consent; without it the request shows only where it stands", async () => {
    const fileAndClose = async (consent: boolean, tag: string) => {
      const form = { service_code: "water", "attribute[region_code]": "150621", description: `Open311 同意公开测试${tag}：自来水浑浊有异味已有三天。`, ...(consent ? { "attribute[consent_publish]": "true" } : {}) };
      const res = await postRequest(database.db, form, `10.0.1.${tag.length}`, NOW, 10);
      expect(res.status).toBe(201);
      const id = (res.body as { service_request_id: string }[])[0]!.service_request_id;
      const caseId = (await listCases(database.db, officer, { queue: "all", q: id }, NOW)).rows[0]!.id;
      const steps = [{ type: "accept" }, { type: "handle_self" }, { type: "submit_findings", finding: "substantiated", summary: "现场核查属实。" }, { type: "conclude", finding: "substantiated", publicReply: "已责成供水单位冲洗管网。" }] as const;
      for (const [v, action] of steps.entries()) expect(await performAction(database.db, { caseId, version: v, actor: officer, action, now: NOW })).toMatchObject({ ok: true });
      const concluded = (await oneRequest(database.db, id)).body as Record<string, string>[];
      expect(await performAction(database.db, { caseId, version: steps.length, actor: officer, action: { type: "close" }, now: NOW })).toMatchObject({ ok: true });
      return { concluded: concluded[0]!, closed: ((await oneRequest(database.db, id)).body as Record<string, string>[])[0]! };
    };
    const yes = await fileAndClose(true, "甲");
    expect(yes.closed).toMatchObject({ status: "closed", status_notes: "已办结（经核实属实）" });
    expect(yes.closed.service_notice).not.toMatch(/不公开办理结果|只公开办理进度/);

    const no = await fileAndClose(false, "乙乙");
    expect(no.concluded).toMatchObject({ status: "open", status_notes: "已作出结论（结果不公开）" });
    expect(no.closed).toMatchObject({ status: "closed", status_notes: "已办结（结果不公开）" });
    expect(no.closed.service_notice).toContain("反映人未同意公开办理结果");
    for (const s of [no.concluded, no.closed]) expect(JSON.stringify(s)).not.toMatch(/属实|供水单位|冲洗/);
    // The list says the same as the single request.
    const listed = (await listRequests(database.db, new URLSearchParams({ service_request_id: `${no.closed.service_request_id},${yes.closed.service_request_id}` }))).body as Record<string, string>[];
    expect(Object.fromEntries(listed.map((r) => [r.service_request_id, r.status_notes]))).toEqual({ [no.closed.service_request_id!]: "已办结（结果不公开）", [yes.closed.service_request_id!]: "已办结（经核实属实）" });
  });

  it("filters requests by status and refuses malformed filters", async () => {
    const closed = await listRequests(database.db, new URLSearchParams({ status: "closed" }));
    expect(closed.status).toBe(200);
    for (const r of closed.body as { status: string; status_notes: string }[]) {
      expect(r.status).toBe("closed");
      // Closed never reads as fixed: the note says what happened.
      expect(r.status_notes).toMatch(/已办结|不予受理|已合并办理/);
    }
    expect((await listRequests(database.db, new URLSearchParams({ status: "fixed" }))).status).toBe(400);
    expect((await listRequests(database.db, new URLSearchParams({ start_date: "yesterday" }))).status).toBe(400);
  });
});

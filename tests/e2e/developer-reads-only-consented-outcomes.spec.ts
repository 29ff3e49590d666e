// A developer reading Open311 from the real server sees a case's outcome only when its filer ticked
// 同意以匿名方式公开办理结果; a case without that consent is listed with where it stands, never with its finding.
import postgres from "postgres";
import { expect, test } from "../support/fixtures.ts";
import { startPortal, type PortalServer } from "../support/portal-server.ts";
import { postgresServerUrl, postgresSkipReason } from "../support/postgres-server.ts";
import { emptyPostgresDatabase, type EmptyDatabase } from "../support/postgres.ts";

let empty: EmptyDatabase | undefined;
let portal: PortalServer | undefined;

test.beforeAll(async ({}, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "one server is enough");
  const serverUrl = postgresServerUrl();
  test.skip(!serverUrl, postgresSkipReason());
  testInfo.setTimeout(120_000);
  empty = await emptyPostgresDatabase(serverUrl!, "htp_consent");
  portal = await startPortal({ DATABASE_URL: empty.url, REPORT_HOURLY_LIMIT: "1000", SEARCH: "off" });
});

test.afterAll(async () => {
  await portal?.stop();
  await empty?.drop();
});

test("Open311 shows a concluded case's finding only with its filer's consent", async () => {
  const post = (consent: boolean, tag: string) =>
    fetch(`${portal!.url}/open311/v2/requests.json`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        service_code: "sanitation",
        "attribute[region_code]": "150621",
        description: `同意公开测试${tag}：树林召镇主街垃圾堆放多日无人清运，气味很大。`,
        ...(consent ? { "attribute[consent_publish]": "true" } : {}),
      }),
    });
  const ids: Record<string, string> = {};
  for (const [tag, consent] of [["yes", true], ["no", false]] as const) {
    const res = await post(consent, tag);
    expect(res.status).toBe(201);
    ids[tag] = ((await res.json()) as { service_request_id: string }[])[0]!.service_request_id;
  }
  // Both concluded as substantiated (the handling steps themselves are tested elsewhere).
  const sql = postgres(empty!.url, { max: 1, onnotice: () => {} });
  try {
    await sql`update cases set state = 'closed', finding = 'substantiated', closed_at = now() where tracking_number in ${sql([ids.yes!, ids.no!])}`;
  } finally {
    await sql.end();
  }
  const one = async (id: string) => ((await (await fetch(`${portal!.url}/open311/v2/requests/${id}.json`)).json()) as Record<string, string>[])[0]!;
  const consented = await one(ids.yes!);
  expect(consented.status).toBe("closed");
  expect(consented.status_notes).toContain("经核实属实");
  const withheld = await one(ids.no!);
  expect(withheld.status).toBe("closed");
  expect(withheld.status_notes).toBe("已办结（结果不公开）");
  expect(JSON.stringify(withheld)).not.toContain("属实");
  // The list says the same as the single request.
  const list = (await (await fetch(`${portal!.url}/open311/v2/requests.json`)).json()) as Record<string, string>[];
  expect(list.find((r) => r.service_request_id === ids.no)?.status_notes).toBe("已办结（结果不公开）");
  expect(list.find((r) => r.service_request_id === ids.yes)?.status_notes).toContain("经核实属实");
});

// Fair limits through the real server (its own portal, so that the shared one is not blocked): the server believes
// X-Forwarded-For from loopback (TRUST_PROXY=1, TRUSTED_PROXIES=127.0.0.1), so each request can come from another
// client address. 50 parallel wrong access codes, passwords or subscriptions from one address get exactly the limit
// checked and the rest 429 with Retry-After and a Chinese message saying when to retry and whom to call — and the
// owner at their own address is not locked out.
import { expect, test } from "@playwright/test";
import { seededPassword } from "../support/back-office.ts";
import { startPortal, type PortalServer } from "../support/portal-server.ts";
import { testSmtp } from "../support/smtp.ts";

const CALL = "如需帮助，请致电自治区爱卫办 0471-6944127";
let portal: PortalServer;
let smtp: Awaited<ReturnType<typeof testSmtp>>;

test.describe.configure({ mode: "serial" });
test.beforeEach(({}, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "limits do not depend on the viewport");
});
test.beforeAll(async ({}, testInfo) => {
  if (testInfo.project.name !== "desktop") return;
  test.setTimeout(180_000);
  smtp = await testSmtp();
  portal = await startPortal({ TRUST_PROXY: "1", TRUSTED_PROXIES: "127.0.0.1", SEARCH: "off", SMTP_URL: smtp.url, ALERTS_ADDRESS_HOURLY_LIMIT: "3" });
});
test.afterAll(async () => {
  await portal?.stop();
  await smtp?.stop();
});

const form = (ip: string, path: string, fields: Record<string, string>) =>
  fetch(`${portal.url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { origin: new URL(portal.url).origin, "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": ip },
    body: new URLSearchParams(fields).toString(),
  });

async function refusedProperly(res: Response, wait: string, maxSeconds: number) {
  expect(res.status).toBe(429);
  const seconds = Number(res.headers.get("retry-after"));
  expect(seconds).toBeGreaterThan(0);
  expect(seconds).toBeLessThanOrEqual(maxSeconds);
  const html = await res.text();
  expect(html).toContain(`请在${wait}后再试`);
  expect(html).toContain(CALL);
}

test("/track: 50 parallel wrong codes from one address get 5 checked, then 429 with Retry-After; the owner still reads the status", async () => {
  const body = new FormData();
  for (const [k, v] of Object.entries({ kind: "complaint", regionCode: "150621", category: "sanitation", description: `限额测试：镇区主街垃圾堆放多日无人清运，气味很大。${Date.now()}` })) body.set(k, v);
  const filed = await fetch(`${portal.url}/api/reports`, { method: "POST", body, headers: { origin: portal.url, "x-forwarded-for": "198.51.100.7" } });
  expect(filed.status).toBe(201);
  const { trackingNumber, accessCode } = ((await filed.json()) as { receipt: { trackingNumber: string; accessCode: string } }).receipt;
  const wrong = accessCode.startsWith("A") ? "BBBB-BBBB-BB" : "AAAA-AAAA-AA";

  const answers = await Promise.all(Array.from({ length: 50 }, () => form("203.0.113.66", "/track", { trackingNumber, accessCode: wrong })));
  expect(answers.filter((r) => r.status === 404)).toHaveLength(5);
  const refused = answers.filter((r) => r.status === 429);
  expect(refused).toHaveLength(45);
  for (const r of refused.slice(0, 3)) await refusedProperly(r, "15分钟", 15 * 60);
  // The right code from the guessing address waits out its block; from the owner's address it works at once.
  expect((await form("203.0.113.66", "/track", { trackingNumber, accessCode })).status).toBe(429);
  const owner = await form("198.51.100.7", "/track", { trackingNumber, accessCode });
  expect(owner.status).toBe(200);
  expect(await owner.text()).toContain(trackingNumber);
});

test("/alerts: one address gets 3 confirmation mails an hour, then 429 with Retry-After; another address is not held up", async () => {
  const before = smtp.mails.length;
  const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => form("203.0.113.77", "/alerts", { email: `flood-${i}@test.invalid`, topics: "notices" })));
  expect(answers.filter((r) => r.status === 200)).toHaveLength(3);
  const refused = answers.filter((r) => r.status === 429);
  expect(refused).toHaveLength(7);
  await refusedProperly(refused[0]!, "1小时", 3600);
  expect((await form("203.0.113.78", "/alerts", { email: "neighbour@test.invalid", topics: "notices" })).status).toBe(200);
  await expect.poll(() => smtp.mails.length - before).toBe(4);
});

test("sign-in: 50 parallel wrong passwords for admin from one address get 5 checked; admin signs in from their own address", async () => {
  const answers = await Promise.all(Array.from({ length: 50 }, () => form("203.0.113.88", "/admin/login", { username: "admin", password: "guess-guess" })));
  expect(answers.filter((r) => r.status === 401)).toHaveLength(5);
  const refused = answers.filter((r) => r.status === 429);
  expect(refused).toHaveLength(45);
  await refusedProperly(refused[0]!, "15分钟", 15 * 60);
  const password = seededPassword(portal.output(), "admin");
  expect((await form("203.0.113.88", "/admin/login", { username: "admin", password })).status).toBe(429);
  const owner = await form("198.51.100.9", "/admin/login", { username: "admin", password });
  expect(owner.status).toBe(303);
  expect(owner.headers.get("set-cookie")).toBeTruthy();
});

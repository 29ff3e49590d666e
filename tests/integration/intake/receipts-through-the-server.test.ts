// Receipts and access-code recovery through the built portal (`npx astro build` first), with a real SMTP server and a
// loopback SMS gateway: a report filed with an e-mail address and a mobile number gets its receipt by both, without
// its text; recovering the access code by e-mail gives a new code, and the old one stops working on /track.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPortal, type PortalServer } from "../../support/portal-server.ts";
import { testSmsGateway } from "../../support/sms-gateway.ts";
import { testSmtp } from "../../support/smtp.ts";

const waitFor = async <T>(what: string, fn: () => T | undefined, ms = 30_000): Promise<T> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

describe("receipts and recovery through the server", () => {
  let portal: PortalServer;
  let smtp: Awaited<ReturnType<typeof testSmtp>>;
  let gateway: Awaited<ReturnType<typeof testSmsGateway>>;

  beforeAll(async () => {
    smtp = await testSmtp();
    gateway = await testSmsGateway();
    portal = await startPortal({ SEARCH: "off", SMTP_URL: smtp.url, SMS_URL: gateway.url, SMS_KEY: "k1", SMS_SECRET: "s1", SCHEDULER_INTERVAL_SECONDS: "5", REPORT_HOURLY_LIMIT: "30" });
  }, 180_000);
  afterAll(async () => {
    await portal?.stop();
    await smtp?.stop();
    await gateway?.stop();
  });

  const form = async (path: string, fields: Record<string, string>) => {
    const res = await fetch(`${portal.url}${path}`, { method: "POST", headers: { Origin: portal.url, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields) });
    return { status: res.status, html: await res.text() };
  };

  it("mails and texts the receipt, and recovers the access code by e-mail", async () => {
    const description = `回执端到端：小区门口垃圾桶满溢无人清运已经三天。${Date.now()}`;
    const body = new FormData();
    for (const [k, v] of Object.entries({ kind: "complaint", regionCode: "150621", category: "sanitation", description, email: "resident@example.com", phone: "13912345678" })) body.set(k, v);
    const res = await fetch(`${portal.url}/api/reports`, { method: "POST", body, headers: { Origin: portal.url } });
    expect(res.status).toBe(201);
    const { receipt } = (await res.json()) as { receipt: { trackingNumber: string; accessCode: string } };
    const grouped = (receipt.accessCode.match(/.{1,4}/g) ?? []).join("-");

    const mail = await waitFor("the receipt mail", () => smtp.mails.find((m) => m.to.includes("resident@example.com") && m.subject.includes(receipt.trackingNumber)));
    expect(mail.text).toContain(grouped);
    expect(mail.text).not.toContain(description.slice(0, 12));
    const sms = await waitFor("the receipt SMS", () => gateway.received.find((s) => s.body.PhoneNumbers === "13912345678"));
    expect(sms.params).toMatchObject({ number: receipt.trackingNumber, code: grouped });
    expect(sms.raw).not.toContain(description.slice(0, 12));
    expect(sms.headers["x-sms-signature"]).toBeTruthy();

    // Recovery: the one-time code goes to the filing address right away.
    const asked = await form("/track/recover", { op: "request", trackingNumber: receipt.trackingNumber, contact: "resident@example.com" });
    expect(asked.status).toBe(200);
    const codeMail = await waitFor("the recovery code", () => smtp.mails.find((m) => m.subject.includes("验证码") && m.subject.includes(receipt.trackingNumber)));
    const code = /验证码：(\d{6})/.exec(codeMail.text)![1]!;
    const done = await form("/track/recover", { op: "confirm", trackingNumber: receipt.trackingNumber, code });
    expect(done.status).toBe(200);
    const fresh = /data-testid="new-access-code"[^>]*>([A-Z0-9-]+)</.exec(done.html)![1]!;
    expect(fresh.replace(/-/g, "")).not.toBe(receipt.accessCode);

    expect((await form("/track", { trackingNumber: receipt.trackingNumber, accessCode: receipt.accessCode })).status).not.toBe(200);
    const tracked = await form("/track", { trackingNumber: receipt.trackingNumber, accessCode: fresh });
    expect(tracked.status).toBe(200);
    expect(tracked.html).toContain(receipt.trackingNumber);
  }, 90_000);
});

// A loopback SMS gateway in the style of Aliyun's SendSms JSON API that keeps every request it receives (headers and
// parsed body) and answers {"Code":"OK"} — or, while `failing` is set, a 500.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedSms {
  path: string;
  headers: Record<string, string>;
  raw: string;
  body: { PhoneNumbers: string; SignName: string; TemplateCode: string; TemplateParam: string };
  params: Record<string, string>;
}

export async function testSmsGateway(): Promise<{ url: string; received: ReceivedSms[]; failing: { on: boolean }; stop(): Promise<void> }> {
  const received: ReceivedSms[] = [];
  const failing = { on: false };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (failing.on) {
        res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ Code: "isv.BUSINESS_LIMIT_CONTROL", Message: "busy" }));
        return;
      }
      const raw = Buffer.concat(chunks).toString("utf8");
      const body = JSON.parse(raw) as ReceivedSms["body"];
      received.push({ path: req.url ?? "", headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])), raw, body, params: JSON.parse(body.TemplateParam) as Record<string, string> });
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ Code: "OK", Message: "OK", BizId: String(received.length) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/sms/send`, received, failing, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { BodyError, FORM_LIMITS, readForm, readPageForm, type FormLimits } from "../../../src/server/http/body.ts";

const URL_ = "http://portal.test/report";
const KB = 1024;
const MB = 1024 * 1024;
const limits = (over: Partial<FormLimits> = {}): FormLimits => ({ totalBytes: 64 * KB, files: 2, fileBytes: 8 * KB, fields: 10, fieldBytes: 1 * KB, ...over });
const enc = new TextEncoder();
const BOUNDARY = "----htp-test-boundary";
const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;

const fieldPart = (name: string, value: string) => `--${BOUNDARY}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
const fileHead = (name: string, filename: string) => `--${BOUNDARY}\r\ncontent-disposition: form-data; name="${name}"; filename="${filename}"\r\ncontent-type: application/pdf\r\n\r\n`;
const END = `--${BOUNDARY}--\r\n`;

/** A body sent in chunks without Content-Length, generated as it is pulled; counts what the reader pulled. */
function chunked(pieces: () => Generator<Uint8Array | string>, type = MULTIPART) {
  const it = pieces();
  let pulled = 0;
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = it.next();
      if (next.done) return controller.close();
      const bytes = typeof next.value === "string" ? enc.encode(next.value) : next.value;
      pulled += bytes.byteLength;
      controller.enqueue(bytes);
    },
    cancel() {
      cancelled = true;
    },
  }, { highWaterMark: 0 });
  const request = new Request(URL_, { method: "POST", body, headers: { "content-type": type }, duplex: "half" } as RequestInit);
  return { request, pulled: () => pulled, cancelled: () => cancelled };
}

/** An endless file of 64 KB chunks after the given leading parts. */
function* endlessFile(lead: string[] = [], filename = "huge.pdf"): Generator<Uint8Array | string> {
  for (const l of lead) yield l;
  yield fileHead("evidence", filename);
  const chunk = new Uint8Array(64 * KB).fill(0x41);
  for (;;) yield chunk;
}

/**
 * A multipart POST of a FormData as a browser sends it, as bytes: a Request made from the FormData itself streams
 * it through an undici generator that throws when its body is cancelled mid-way (the adapter's bodies do not).
 */
async function posted(fd: FormData): Promise<Request> {
  const encoded = new Response(fd);
  return new Request(URL_, { method: "POST", body: await encoded.arrayBuffer(), headers: { "content-type": encoded.headers.get("content-type")! } });
}

async function refusal(p: Promise<unknown>): Promise<BodyError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BodyError);
  return err as BodyError;
}

describe("readForm", () => {
  it("reads urlencoded fields, repeated names and Chinese text", async () => {
    const request = new Request(URL_, { method: "POST", body: new URLSearchParams([["topics", "notices"], ["topics", "publicity"], ["email", "王@example.cn"], ["reason", "垃圾清运不及时"]]) });
    const form = await readForm(request, FORM_LIMITS.small);
    expect(form.fields.getAll("topics")).toEqual(["notices", "publicity"]);
    expect(form.fields.get("reason")).toBe("垃圾清运不及时");
    expect(form.files).toEqual([]);
  });

  it("reads multipart fields and files, keeping the file name and skipping an empty file input", async () => {
    const fd = new FormData();
    fd.set("description", "公共厕所长期无人打扫，气味很大");
    fd.append("evidence", new File([new Uint8Array([0x25, 0x50, 0x44, 0x46, 1, 2, 3])], "现场照片.pdf", { type: "application/pdf" }));
    fd.append("evidence", new File([], "", { type: "application/octet-stream" }));
    const form = await readForm(await posted(fd), limits());
    expect(form.fields.get("description")).toBe("公共厕所长期无人打扫，气味很大");
    expect(form.files).toHaveLength(1);
    expect(form.files[0]).toMatchObject({ field: "evidence", name: "现场照片.pdf" });
    expect([...form.files[0]!.bytes]).toEqual([0x25, 0x50, 0x44, 0x46, 1, 2, 3]);
  });

  it("refuses a Content-Length over the limit before reading anything", async () => {
    const { request, pulled, cancelled } = chunked(() => endlessFile());
    request.headers.set("content-length", String(10 * MB));
    const err = await refusal(readForm(request, limits()));
    expect(err.status).toBe(413);
    expect(err.code).toBe("payload_too_large");
    expect(err.message).toBe("提交的内容过大：最多 2 个文件，每个不超过 8 KB");
    expect(err.received).toBe(0);
    await new Promise((r) => setTimeout(r, 20));
    expect(pulled()).toBe(0);
    expect(cancelled()).toBe(true);
  });

  it("stops a chunked body without Content-Length as soon as it passes the total", async () => {
    // Files of 8 KB are allowed, so only the total (64 KB) stops this endless stream of small files.
    const many = function* (): Generator<string> {
      for (let i = 0; ; i++) yield fieldPart(`f${i % 5}`, "x".repeat(900));
    };
    const { request, pulled, cancelled } = chunked(many);
    const err = await refusal(readForm(request, limits({ fields: 1_000_000 })));
    expect(err.status).toBe(413);
    expect(err.received).toBeGreaterThan(64 * KB);
    expect(err.received).toBeLessThanOrEqual(64 * KB + 1024);
    // Past the limit nothing more is read: the body is cancelled at once.
    await new Promise((r) => setTimeout(r, 50));
    expect(pulled()).toBe(err.received);
    expect(cancelled()).toBe(true);
  });

  it("stops a file over its limit at once, names it, and keeps the fields read before it", async () => {
    const { request, pulled, cancelled } = chunked(() => endlessFile([fieldPart("description", "河道里有死鱼")], "巨大.pdf"));
    const err = await refusal(readForm(request, FORM_LIMITS.evidence));
    expect(err.status).toBe(413);
    expect(err.message).toBe("文件“巨大.pdf”超过 10 MB，请压缩后再上传");
    expect(err.fields.get("description")).toBe("河道里有死鱼");
    // Refused at the per-file limit plus one chunk, never the whole body.
    expect(err.received).toBeLessThanOrEqual(10 * MB + 128 * KB);
    await new Promise((r) => setTimeout(r, 50));
    expect(pulled()).toBe(err.received);
    expect(cancelled()).toBe(true);
  });

  it("refuses a third file when two are allowed", async () => {
    const files = function* (): Generator<string> {
      for (let i = 0; i < 3; i++) yield `${fileHead("evidence", `${i}.pdf`)}%PDF-1.4\r\n`;
      yield END;
    };
    const err = await refusal(readForm(chunked(files).request, limits()));
    expect(err.status).toBe(413);
    expect(err.message).toContain("最多 2 个文件");
  });

  it("refuses any file on a form that takes none", async () => {
    const fd = new FormData();
    fd.set("code", "123456");
    fd.set("evidence", new File(["%PDF-1.4"], "a.pdf"));
    const err = await refusal(readForm(await posted(fd), FORM_LIMITS.small));
    expect(err.status).toBe(413);
    expect(err.message).toBe("此表单不接收文件");
  });

  it("refuses too many fields and a field over its size, multipart and urlencoded", async () => {
    const many = new URLSearchParams(Array.from({ length: 11 }, (_, i) => [`f${i}`, "1"]));
    expect((await refusal(readForm(new Request(URL_, { method: "POST", body: many }), limits()))).status).toBe(413);
    const fd = new FormData();
    for (let i = 0; i < 11; i++) fd.set(`f${i}`, "1");
    expect((await refusal(readForm(await posted(fd), limits()))).status).toBe(413);
    const long = new URLSearchParams({ reason: "长".repeat(400) });
    const err = await refusal(readForm(new Request(URL_, { method: "POST", body: long }), limits()));
    expect(err.status).toBe(413);
    expect(err.message).toBe("填写的内容过长（每项不超过 1 KB），请删减后重新提交");
    const longPart = new FormData();
    longPart.set("reason", "长".repeat(400));
    expect((await refusal(readForm(await posted(longPart), limits()))).status).toBe(413);
  });

  it("stops an endless urlencoded body at the total", async () => {
    const endless = function* (): Generator<string> {
      yield "reason=";
      for (;;) yield "a".repeat(4 * KB);
    };
    const { request } = chunked(endless, "application/x-www-form-urlencoded");
    const err = await refusal(readForm(request, limits({ fieldBytes: 1 * MB })));
    expect(err.status).toBe(413);
    expect(err.received).toBeLessThanOrEqual(64 * KB + 4 * KB);
  });

  it("takes the longest notice the publish form allows, urlencoded as a browser sends it", async () => {
    const body = "通".repeat(100_000);
    const request = new Request(URL_, { method: "POST", body: new URLSearchParams({ title: "关于健康城镇建设的通知", body }) });
    const form = await readForm(request, FORM_LIMITS.publish);
    expect(form.fields.get("body")).toBe(body);
  });

  it("answers 415 to a body that is not a form", async () => {
    for (const headers of [{ "content-type": "application/json" }, { "content-type": "text/plain" }, {}] as Record<string, string>[]) {
      const request = new Request(URL_, { method: "POST", body: enc.encode("{}"), headers });
      if (!headers["content-type"]) request.headers.delete("content-type");
      const err = await refusal(readForm(request, FORM_LIMITS.small));
      expect(err.status).toBe(415);
      expect(err.message).toContain("请通过网页表单提交");
    }
  });

  it("answers 400 to a broken multipart body, a missing boundary and a body that fails mid-way", async () => {
    const cut = function* (): Generator<string> {
      yield fieldPart("a", "1");
      yield fileHead("evidence", "a.pdf");
      yield "%PDF";
    };
    expect((await refusal(readForm(chunked(cut).request, limits()))).status).toBe(400);
    const noBoundary = new Request(URL_, { method: "POST", body: "x", headers: { "content-type": "multipart/form-data" } });
    expect((await refusal(readForm(noBoundary, limits()))).status).toBe(400);
    let n = 0;
    const failing = new ReadableStream<Uint8Array>({
      pull(c) {
        if (n++ === 0) c.enqueue(enc.encode(fieldPart("a", "1")));
        else c.error(new Error("socket hang up"));
      },
    });
    const broken = new Request(URL_, { method: "POST", body: failing, headers: { "content-type": MULTIPART }, duplex: "half" } as RequestInit);
    const err = await refusal(readForm(broken, limits()));
    expect(err.status).toBe(400);
    expect(err.message).toBe("提交的内容无法读取，请刷新页面后重试");
  });

  it("maps the adapter's own body size ceiling to 413", async () => {
    const ceiling = new ReadableStream<Uint8Array>({
      pull(c) {
        c.error(new Error("Body size limit exceeded: received more than 54525952 bytes"));
      },
    });
    const request = new Request(URL_, { method: "POST", body: ceiling, headers: { "content-type": MULTIPART }, duplex: "half" } as RequestInit);
    expect((await refusal(readForm(request, limits()))).status).toBe(413);
  });

  it("cancels a body that is not a form without reading it", async () => {
    const json = function* (): Generator<string> {
      yield '{"trackingNumber":"GS20260101000001"}';
    };
    const { request, pulled, cancelled } = chunked(json, "application/json");
    expect((await refusal(readForm(request, FORM_LIMITS.small))).status).toBe(415);
    await new Promise((r) => setTimeout(r, 20));
    expect(pulled()).toBe(0);
    expect(cancelled()).toBe(true);
  });
});

describe("readPageForm", () => {
  it("sets the refusal's status and Connection: close on the page's response and hands the error back", async () => {
    const response = { status: 200, headers: new Headers() };
    const { request } = chunked(() => endlessFile());
    const read = await readPageForm(request, response, limits());
    expect(read).toBeInstanceOf(BodyError);
    expect(response.status).toBe(413);
    expect(response.headers.get("connection")).toBe("close");
    const ok = await readPageForm(new Request(URL_, { method: "POST", body: new URLSearchParams({ code: "123456" }) }), response, limits());
    expect(ok).not.toBeInstanceOf(BodyError);
  });
});

describe("the adapter's ceiling", () => {
  it("is the largest form's limit plus a small margin", () => {
    const config = readFileSync(new URL("../../../astro.config.mjs", import.meta.url), "utf8");
    const m = /bodySizeLimit:\s*([\d\s*]+)/.exec(config);
    expect(m, "astro.config.mjs sets the adapter's bodySizeLimit").not.toBeNull();
    const ceiling = m![1]!.split("*").reduce((a, n) => a * Number(n.trim()), 1);
    const largest = Math.max(...Object.values(FORM_LIMITS).map((l) => l.totalBytes));
    expect(ceiling).toBeGreaterThan(largest);
    expect(ceiling - largest).toBeLessThanOrEqual(2 * MB);
  });
});

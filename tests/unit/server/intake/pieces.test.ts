// The pieces of intake that need no database: idempotency keys that fit, PDF metadata blanked in place, and the
// sweep that removes evidence files no committed row names.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { blankPdfMetadata, sweepOrphanEvidence } from "../../../../src/server/intake/evidence.ts";
import { keyProblem, MAX_KEY_LENGTH } from "../../../../src/server/intake/submit.ts";

describe("idempotency keys", () => {
  it("takes a UUID, no key at all, and printable ASCII up to the limit", () => {
    expect(keyProblem(crypto.randomUUID())).toBeNull();
    expect(keyProblem(null)).toBeNull();
    expect(keyProblem("")).toBeNull();
    expect(keyProblem("k".repeat(MAX_KEY_LENGTH))).toBeNull();
  });
  it("refuses a key that would not fit the index, or is not printable ASCII, in Chinese", () => {
    expect(keyProblem("k".repeat(3000))).toMatch(/提交编号.*无效/);
    expect(keyProblem("k".repeat(MAX_KEY_LENGTH + 1))).toMatch(/无效/);
    expect(keyProblem("钥匙")).toMatch(/无效/);
    expect(keyProblem("a\u0000b")).toMatch(/无效/);
  });
});

const latin1 = (s: string) => new Uint8Array(Buffer.from(s, "latin1"));
const text = (b: Uint8Array) => Buffer.from(b).toString("latin1");

describe("PDF metadata", () => {
  const pdf = [
    "%PDF-1.7\n",
    "1 0 obj\n<< /Type /Catalog /Pages 2 0 R /Metadata 4 0 R >>\nendobj\n",
    "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n",
    "3 0 obj\n<< /Title (Bericht \\(vertraulich\\) von (Zhang)) /Author (Zhang San) /Creator <FEFF5F204E09>\n",
    "   /Producer (Phone Scanner 3.1) /CreationDate (D:20261101120000+08'00') /Trapped /False >>\nendobj\n",
    "4 0 obj\n<< /Type /Metadata /Subtype /XML /Length 90 >>\nstream\n",
    '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta>Zhang San</x:xmpmeta><?xpacket end="w"?>\n',
    "endstream\nendobj\n",
    "trailer\n<< /Root 1 0 R /Info 3 0 R /Size 5 >>\n%%EOF\n",
  ].join("");

  it("blanks every document-information value and the XMP packet without moving a byte", () => {
    const out = blankPdfMetadata(latin1(pdf));
    const s = text(out);
    expect(out.byteLength).toBe(pdf.length);
    for (const secret of ["Zhang", "Phone Scanner", "D:2026", "FEFF5F20", "xmpmeta", "vertraulich"]) expect(s).not.toContain(secret);
    // Structure is untouched: the same keys, delimiters and objects at the same offsets.
    for (const kept of ["/Title (", "/Author (", "/Creator <", "/Trapped /False", "/Root 1 0 R /Info 3 0 R", "endstream", "%%EOF"]) expect(s).toContain(kept);
    expect(s.indexOf("4 0 obj")).toBe(pdf.indexOf("4 0 obj"));
    expect(s.indexOf("trailer")).toBe(pdf.indexOf("trailer"));
  });

  it("leaves a PDF without metadata as it was", () => {
    const plain = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
    expect(text(blankPdfMetadata(latin1(plain)))).toBe(plain);
  });
});

describe("orphan evidence sweep", () => {
  let root: string | undefined;
  afterEach(() => root && rmSync(root, { recursive: true, force: true }));

  it("removes old files no row names and old temp files, keeps named and recent ones", async () => {
    root = mkdtempSync(join(tmpdir(), "htp-sweep-"));
    mkdirSync(join(root, "2026/12"), { recursive: true });
    const now = new Date("2026-12-02T10:00:00Z");
    const put = (key: string, ageMs: number) => {
      writeFileSync(join(root!, key), "x");
      const t = new Date(now.getTime() - ageMs);
      utimesSync(join(root!, key), t, t);
    };
    put("2026/12/stored.png", 5 * 3600_000);
    put("2026/12/orphan.png", 2 * 3600_000);
    put("2026/12/orphan.pdf.123.tmp", 2 * 3600_000);
    put("2026/12/in-flight.png", 60_000);
    const asked: string[][] = [];
    const removed = await sweepOrphanEvidence(root, async (keys) => (asked.push(keys), new Set(keys.filter((k) => k.includes("stored")))), now);
    expect(removed.sort()).toEqual(["2026/12/orphan.pdf.123.tmp", "2026/12/orphan.png"]);
    expect(readdirSync(join(root, "2026/12")).sort()).toEqual(["in-flight.png", "stored.png"]);
    expect(asked.flat().sort()).toEqual(["2026/12/orphan.png", "2026/12/stored.png"]);
  });

  it("does nothing when there is no evidence folder yet", async () => {
    expect(await sweepOrphanEvidence(join(tmpdir(), "htp-no-such-folder"), async () => new Set(), new Date())).toEqual([]);
  });
});

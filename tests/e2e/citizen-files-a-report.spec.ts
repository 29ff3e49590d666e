// Citizens file objections, complaints and leads through /report and follow them on /track.
import AxeBuilder from "@axe-core/playwright";
import sharp from "sharp";
import { expect, test, type Page } from "../support/fixtures.ts";

const description = (what: string) => `${what}：镇区主街两侧垃圾堆放多日无人清运，气味很大，影响居民出行。${Date.now()}`;

async function photo(): Promise<Buffer> {
  return sharp({ create: { width: 120, height: 90, channels: 3, background: "#4a8" } })
    .jpeg()
    .withExif({ IFD0: { Make: "PhoneMaker" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "39/1 36/1 0/1" } })
    .toBuffer();
}

/** The island is hydrated when its step counter shows. */
async function hydrated(page: Page) {
  await expect(page.getByText(/第 \d 步，共 6 步/)).toBeVisible();
}

async function axe(page: Page) {
  const result = await new AxeBuilder({ page }).analyze();
  expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

async function closedEntryId(page: Page): Promise<number> {
  for (let id = 1; id <= 60; id++) {
    const res = await page.request.get(`/report?entry=${id}`);
    if ((await res.text()).includes("不再受理异议")) return id;
  }
  throw new Error("no entry of a closed publicity list in the demo data");
}

test("a citizen files a real-name objection with a photo and follows it on /track", async ({ page }, testInfo) => {
  await page.goto("/report?type=objection");
  await hydrated(page);
  await axe(page);
  await expect(page.getByLabel("异议")).toBeChecked();
  await page.getByRole("button", { name: "下一步" }).click();
  const entry = page.getByLabel("公示对象");
  const firstOpen = await entry.locator("option").nth(1).getAttribute("value");
  await entry.selectOption(firstOpen!);
  await page.getByRole("button", { name: "下一步" }).click();
  await page.getByLabel(/具体情况/).fill(description("异议"));
  await expect(page.getByText(/已输入 \d+ \/ 2000 字/)).toBeVisible();
  await page.getByRole("button", { name: "下一步" }).click();
  await page.getByLabel(/照片或文件/).setInputFiles({ name: "现场.jpg", mimeType: "image/jpeg", buffer: await photo() });
  await expect(page.getByText("现场.jpg")).toBeVisible();
  await page.getByRole("button", { name: "下一步" }).click();
  // Objections are real-name: going on without a name is stopped beside the field.
  await page.getByRole("button", { name: "下一步" }).click();
  await expect(page.getByText("提出异议须实名，请填写真实姓名")).toBeVisible();
  await page.getByLabel(/^姓名/).fill("欧阳明");
  // The error goes as soon as the field is right, before the person presses anything.
  await expect(page.getByText("提出异议须实名，请填写真实姓名")).toBeHidden();
  await page.getByLabel(/^联系电话/).fill("13800001234");
  await page.getByRole("button", { name: "下一步" }).click();
  // 核对并提交: every answer that will be sent, each with a 修改 link; the step's heading has the focus.
  await expect(page.getByRole("heading", { name: "核对并提交" })).toBeFocused();
  const review = page.getByTestId("review");
  for (const text of ["异议", "欧阳明", "13800001234", "现场.jpg", description("异议").slice(0, 20), "不同意"]) await expect(review).toContainText(text);
  await page.screenshot({ path: testInfo.outputPath("report-review.png"), fullPage: true });
  await review.getByRole("button", { name: "修改 具体位置" }).click();
  await expect(page.getByRole("heading", { name: "反映内容" })).toBeFocused();
  await page.getByLabel(/具体位置/).fill("树林召镇某某路");
  for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "下一步" }).click();
  await expect(review).toContainText("树林召镇某某路");
  await axe(page);
  await page.getByRole("button", { name: "提交" }).click();

  const receipt = page.getByTestId("receipt");
  await expect(receipt).toContainText("提交成功");
  await expect(page.getByRole("heading", { name: "提交成功" })).toBeFocused();
  const number = (await page.getByTestId("tracking-number").textContent())!.trim();
  const code = (await page.getByTestId("access-code").textContent())!.trim();
  expect(number).toMatch(/^GS\d{14}$/);
  expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{2}$/);
  await page.screenshot({ path: testInfo.outputPath("report-receipt.png"), fullPage: true });

  await page.goto("/track");
  await axe(page);
  await page.getByLabel("查询编号").fill(number);
  await page.getByLabel("查询码").fill(code);
  await page.getByRole("button", { name: "查询" }).click();
  const status = page.getByTestId("case-status");
  await expect(status).toContainText(`${number}：待受理`);
  await expect(status).toContainText("提交");
  await expect(status).not.toContainText("欧阳");
  await expect(status).not.toContainText("13800001234");
  await axe(page);
  await page.screenshot({ path: testInfo.outputPath("track-status.png"), fullPage: true });
});

test("a citizen who follows a closed list's entry is told the window and offered a complaint", async ({ page }) => {
  const id = await closedEntryId(page);
  await page.goto(`/report?entry=${id}`);
  await expect(page.getByTestId("form-message")).toContainText("不再受理异议");
  await expect(page.getByTestId("form-message")).toContainText("公示期为");
  await hydrated(page);
  await expect(page.getByLabel("投诉")).toBeChecked();

  // Posting an objection on that entry anyway is refused by the server with the same offer.
  const origin = new URL(page.url()).origin; // the CSRF check wants a same-origin Origin header
  const res = await page.request.post("/api/reports", {
    headers: { Origin: origin },
    multipart: { kind: "objection", publicityEntryId: String(id), description: description("迟到的异议"), name: "张三", phone: "13800001234" },
  });
  expect(res.status()).toBe(422);
  const body = await res.json();
  expect(body).toMatchObject({ status: "objection_refused", message: expect.stringContaining("可作为投诉或舆情线索提交") });
  expect(body.regionCode).toMatch(/^\d{6,9}$/);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a citizen files an anonymous complaint as a plain form, checking every answer first", async ({ page }, testInfo) => {
    await page.goto("/report");
    // Without JavaScript there is no counter that would always read 0.
    await expect(page.getByText(/已输入 \d+ \/ 2000 字/)).toHaveCount(0);
    await page.getByLabel("投诉").check();
    await page.getByRole("button", { name: "下一步：核对填写内容" }).click();
    // Server-rendered errors beside the fields, nothing stored.
    await expect(page.getByText("请选择所涉地区（盟市、旗县或苏木乡镇）")).toBeVisible();
    await expect(page.getByText("请填写反映内容")).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath("report-nojs-errors.png"), fullPage: true });
    await page.getByLabel("所涉地区").selectOption({ label: "达拉特旗" });
    await page.getByLabel("问题类别").selectOption({ label: "环境卫生" });
    const text = description("匿名投诉");
    await page.getByLabel(/具体情况/).fill(text);
    await page.getByRole("button", { name: "下一步：核对填写内容" }).click();

    // 核对并提交: every answer, each with 修改; 修改 returns to the form with everything kept.
    await expect(page.getByRole("heading", { name: "核对并提交" })).toBeVisible();
    const review = page.getByTestId("review");
    for (const shown of ["投诉", "达拉特旗", "环境卫生", text, "匿名", "未填写"]) await expect(review).toContainText(shown);
    await page.screenshot({ path: testInfo.outputPath("report-nojs-review.png"), fullPage: true });
    await review.getByRole("button", { name: "修改 具体位置" }).click();
    await expect(page.getByLabel(/具体情况/)).toHaveValue(text);
    await expect(page.getByLabel("投诉")).toBeChecked();
    await expect(page.getByLabel("问题类别")).toHaveValue("sanitation");
    await page.getByLabel(/具体位置/).fill("树林召镇某某路");
    await page.getByRole("button", { name: "下一步：核对填写内容" }).click();
    await expect(review).toContainText("树林召镇某某路");
    await expect(review).toContainText("达拉特旗");
    await page.getByLabel(/照片或文件/).setInputFiles({ name: "现场.jpg", mimeType: "image/jpeg", buffer: await photo() });
    await page.getByRole("button", { name: "提交", exact: true }).click();
    await expect(page.getByTestId("receipt")).toContainText("提交成功");
    await expect(page.getByTestId("tracking-number")).toHaveText(/^GS\d{14}$/);
  });

  test("an objection refused after its window comes back as a complaint with every answer kept", async ({ page }) => {
    const id = await closedEntryId(page);
    const text = description("窗口已过的异议");
    await page.goto("/report");
    const res = await page.request.post("/report", {
      headers: { Origin: new URL(page.url()).origin }, // the CSRF check wants a same-origin Origin header
      multipart: { kind: "objection", publicityEntryId: String(id), description: text, locationText: "树林召镇某某路", name: "张三", phone: "13800001234", idempotencyKey: crypto.randomUUID() },
    });
    expect(res.status()).toBe(422);
    const html = await res.text();
    expect(html).toContain("可作为投诉或舆情线索提交");
    const input = (attrs: string) => new RegExp(`<input(?=[^>]*${attrs})[^>]*>`);
    expect(html).toMatch(input(`value="complaint"(?=[^>]*checked)`));
    expect(html).toContain(text);
    expect(html).toMatch(input(`value="树林召镇某某路"`));
    expect(html).toMatch(input(`value="张三"`));
    expect(html).toMatch(input(`value="13800001234"`));
    // The entry's place is chosen for the complaint.
    expect(html).toMatch(/<option value="\d{6,9}"[^>]*selected/);
  });
});

test("a citizen files a suggestion with the keyboard only", async ({ page }) => {
  await page.goto("/report");
  await hydrated(page);
  const focusedId = () => page.evaluate(() => document.activeElement?.id ?? "");
  const focusedText = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.innerText ?? "");
  async function tabTo(match: (id: string, text: string) => boolean) {
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press("Tab");
      if (match(await focusedId(), await focusedText())) return;
    }
    throw new Error("focus never reached the element");
  }
  await tabTo((id) => id.startsWith("kind-"));
  // Arrow keys move through the radio group: objection → lead → complaint → suggestion.
  for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowDown");
  await expect(page.getByLabel("建议")).toBeChecked();
  await tabTo((_, text) => text === "下一步");
  await page.keyboard.press("Enter");
  await tabTo((id) => id === "category");
  await page.keyboard.press("ArrowDown");
  await tabTo((_, text) => text === "下一步");
  await page.keyboard.press("Enter");
  await tabTo((id) => id === "description");
  await page.keyboard.type(description("键盘建议"));
  for (let n = 0; n < 3; n++) {
    await tabTo((_, text) => text === "下一步");
    await page.keyboard.press("Enter");
  }
  await tabTo((_, text) => text === "提交");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("receipt")).toContainText("提交成功");
});

test("a citizen's draft survives a reload", async ({ page }) => {
  await page.goto("/report");
  await hydrated(page);
  await page.getByLabel("建议").check();
  await page.getByRole("button", { name: "下一步" }).click();
  await page.getByLabel("问题类别").selectOption({ label: "健康教育" });
  await page.getByRole("button", { name: "下一步" }).click();
  const text = description("草稿");
  await page.getByLabel(/具体情况/).fill(text);
  await page.reload();
  await hydrated(page);
  await expect(page.getByLabel("建议")).toBeChecked();
  await page.getByRole("button", { name: "下一步" }).click();
  await expect(page.getByLabel("问题类别")).toHaveValue("education");
  await page.getByRole("button", { name: "下一步" }).click();
  await expect(page.getByLabel(/具体情况/)).toHaveValue(text);
});

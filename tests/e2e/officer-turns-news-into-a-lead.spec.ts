// Issue 16's done-when: an officer adds a feed on /admin/monitoring/sources; within a scheduler tick the fetch job
// reads it and an article naming 达拉特旗 and 垃圾 waits in the candidate queue (another, titled with a <script>,
// shows as text); the officer turns it into a 舆情线索 by 舆情监测, routed to 鄂尔多斯市 with the article attached,
// and the 鄂尔多斯市 handler finds it in their queue once it is handed over. On a portal of its own, with a
// five-second scheduler tick, against a loopback feed server.
import { expect, test } from "../support/fixtures.ts";
import { act, firstSignIn, seededPassword, signIn } from "../support/back-office.ts";
import { rssFeed, startFeedServer, type FeedServer } from "../support/feed-server.ts";
import { axe } from "../support/pages.ts";
import { startPortal, type PortalServer } from "../support/portal-server.ts";

let portal: PortalServer;
let feeds: FeedServer;

test.beforeAll(async ({}, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "a back-office journey: desktop only");
  test.setTimeout(180_000);
  feeds = await startFeedServer();
  portal = await startPortal({ SEARCH: "off", SCHEDULER_INTERVAL_SECONDS: "5" });
});
test.afterAll(async () => {
  await portal?.stop();
  await feeds?.stop();
});

test("an officer adds a feed, a 达拉特旗 article about 垃圾 becomes a candidate, then a lead routed to 鄂尔多斯市", async ({ browser }, testInfo) => {
  test.setTimeout(240_000);
  const run = Date.now().toString(36);
  const title = `达拉特旗树林召镇背街小巷垃圾成堆无人清运 ${run}`;
  const scriptTitle = `<script>alert(1)</script>东胜区一小区门口垃圾满溢 ${run}`;
  feeds.setFeed(
    "/e2e.xml",
    rssFeed([
      { title, link: `https://news.example.org/${run}/dalate`, summary: "<p>记者近日走访发现，达拉特旗树林召镇多条背街小巷<b>垃圾</b>成堆，居民反映已有半月无人清运。</p>", published: new Date() },
      { title: scriptTitle, link: `https://news.example.org/${run}/script`, summary: "小区门口垃圾桶满溢。", published: new Date(Date.now() - 3600_000) },
    ]),
  );

  const officer = await firstSignIn(browser, portal, "officer");
  const dialogs: string[] = [];
  officer.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await officer.goto("/admin");
  await officer.getByRole("link", { name: "舆情监测", exact: true }).first().click();
  await expect(officer.getByRole("heading", { level: 1 })).toHaveText("舆情监测");
  await officer.getByRole("link", { name: "来源", exact: true }).click();
  await expect(officer.getByRole("heading", { level: 1 })).toHaveText("舆情来源");

  // A feed without a name or with a non-web address is refused beside its fields, the answers kept.
  const add = officer.getByRole("form", { name: "添加订阅来源" });
  await add.getByLabel("订阅地址（RSS 或 Atom）").fill("ftp://example.org/feed");
  await add.getByRole("button", { name: "添加来源" }).click();
  await expect(officer.getByTestId("form-message")).toContainText("请检查填写的内容");
  await expect(officer.locator("#name-error")).toHaveText("请填写来源名称");
  await expect(officer.locator("#url-error")).toHaveText("地址应以 http:// 或 https:// 开头");
  await expect(add.getByLabel("订阅地址（RSS 或 Atom）")).toHaveValue("ftp://example.org/feed");
  await axe(officer);

  await add.getByLabel("来源名称").fill("测试日报（e2e）");
  await add.getByLabel("订阅地址（RSS 或 Atom）").fill(feeds.url("/e2e.xml"));
  await add.getByRole("button", { name: "添加来源" }).click();
  await expect(officer.getByRole("status")).toContainText("已添加来源“测试日报（e2e）”");
  const added = Date.now();

  // The fetch job takes the new source at its next tick; the candidate appears in the queue.
  await officer.goto("/admin/monitoring");
  const row = officer.getByTestId("monitor-item").filter({ hasText: title });
  await expect
    .poll(
      async () => {
        await officer.reload();
        return row.count();
      },
      { timeout: 60_000, intervals: [1000] },
    )
    .toBe(1);
  const waited = Date.now() - added;
  testInfo.annotations.push({ type: "candidate after", description: `${waited} ms` });
  expect(waited).toBeLessThan(30_000); // one 5 s tick, with room for a busy machine
  await expect(row.locator("mark").first()).toHaveText("达拉特旗");
  // The most precise place named, in its county and league; the county is marked in the title too.
  await expect(row).toContainText("树林召镇（鄂尔多斯市 达拉特旗）");
  await expect(row).toContainText("垃圾");
  // The article whose title carries a script tag: listed, its title text as written, nothing run.
  const scripted = officer.getByTestId("monitor-item").filter({ hasText: "<script>alert(1)</script>" });
  await expect(scripted).toHaveCount(1);
  expect(await scripted.getByTestId("item-title").innerHTML()).toContain("&lt;script&gt;");
  await axe(officer);
  await officer.screenshot({ path: testInfo.outputPath("monitoring-queue.png"), fullPage: true });
  // On a phone the queue reads as one card per article.
  await officer.setViewportSize({ width: 390, height: 844 });
  await expect(row.getByTestId("item-title")).toBeVisible();
  await officer.screenshot({ path: testInfo.outputPath("monitoring-queue-phone.png"), fullPage: true });
  await officer.setViewportSize({ width: 1280, height: 900 });

  // The sources screen shows the fetch and the items it brought.
  await officer.goto("/admin/monitoring/sources");
  const source = officer.getByTestId("source").filter({ hasText: "测试日报（e2e）" });
  await expect(source).toContainText("2（候选 2）");
  await expect(source.getByTestId("source-state")).toContainText("抓取中");
  await officer.screenshot({ path: testInfo.outputPath("monitoring-sources.png"), fullPage: true });

  // The problem words are data the office edits: a word added counts from the next article.
  await officer.getByRole("link", { name: "问题词", exact: true }).click();
  await expect(officer.getByRole("heading", { level: 1 })).toHaveText("问题词");
  const addWord = officer.getByRole("form", { name: "添加问题词" });
  await addWord.getByRole("button", { name: "添加" }).click();
  await expect(officer.locator("#word-error")).toHaveText("请填写问题词");
  await addWord.getByLabel("问题词").fill("围挡破损");
  await addWord.getByLabel("权重").selectOption("3");
  await addWord.getByRole("button", { name: "添加" }).click();
  await expect(officer.getByRole("status")).toContainText("已添加问题词“围挡破损”（权重 3）");
  await expect(officer.getByTestId("word").filter({ hasText: "围挡破损" })).toHaveCount(1);
  await axe(officer);
  await officer.screenshot({ path: testInfo.outputPath("monitoring-words.png"), fullPage: true });

  // The scripted article's own page shows its title as text too.
  await officer.goto("/admin/monitoring");
  await scripted.getByTestId("item-title").click();
  await expect(officer.getByTestId("item-heading")).toContainText("<script>alert(1)</script>东胜区");
  await officer.goBack();

  // The candidate: the place prefilled, the case made, the item marked with its number.
  await row.getByTestId("item-title").click();
  await expect(officer.getByTestId("item-heading")).toContainText("达拉特旗树林召镇");
  await expect(officer.getByTestId("item-summary").locator("mark").first()).toHaveText("达拉特旗");
  const caseForm = officer.getByRole("form", { name: "转为案件" });
  await expect(caseForm.getByLabel("所涉地区")).toHaveValue(/^150621/);
  await expect(caseForm.getByLabel("反映内容")).toHaveValue(/半月无人清运/);
  await expect(officer.getByTestId("routing-proposal")).toContainText("鄂尔多斯市");
  await axe(officer);
  await officer.screenshot({ path: testInfo.outputPath("monitoring-candidate.png"), fullPage: true });
  // Dismissing without a reason is refused; the candidate stays.
  await officer.getByRole("form", { name: "排除" }).getByRole("button", { name: "排除" }).click();
  await expect(officer.locator("#reason-error")).toContainText("请填写排除理由");
  await expect(officer.getByTestId("item-status")).toHaveText("候选线索");

  await officer.getByRole("form", { name: "转为案件" }).getByRole("button", { name: "转为案件" }).click();
  await expect(officer.getByRole("status")).toContainText("已转为舆情线索案件");
  const number = (await officer.getByTestId("item-case").innerText()).trim();
  expect(number).toMatch(/^GS\d{14}$/);
  await expect(officer.getByTestId("item-status")).toContainText("已转为案件");
  await expect(officer.getByRole("form", { name: "转为案件" })).toHaveCount(0);
  await officer.screenshot({ path: testInfo.outputPath("monitoring-decided.png"), fullPage: true });

  // The case: a lead by 舆情监测, proposed for 鄂尔多斯市, the article attached.
  await officer.getByTestId("item-case").click();
  await expect(officer.getByTestId("case-state")).toHaveText("待受理");
  await expect(officer.getByTestId("case-facts")).toContainText("舆情线索");
  await expect(officer.getByTestId("case-facts")).toContainText("鄂尔多斯市");
  await expect(officer.locator("dd", { hasText: /（舆情监测）$/ })).toHaveCount(1);
  await expect(officer.getByTestId("case-evidence")).toContainText(/article-\d+\.txt/);
  await act(officer, "受理");
  await act(officer, "交办", async (f) => expect(f.getByLabel("交办单位")).toHaveValue("unit-150600"));
  await expect(officer.getByTestId("case-state")).toHaveText("已交办");
  await officer.screenshot({ path: testInfo.outputPath("monitoring-case.png"), fullPage: true });

  // The 鄂尔多斯市 handler sees it in their queue; the monitoring pages stay closed to them.
  const handler = await signIn(browser, "handler", seededPassword(portal.output(), "handler"), { baseURL: portal.url });
  await expect(handler).toHaveURL(/\/admin$/);
  await expect(handler.getByRole("link", { name: "舆情监测", exact: true })).toHaveCount(0);
  await handler.goto("/admin/cases?queue=mine");
  await expect(handler.getByRole("link", { name: number })).toBeVisible();
  expect((await handler.goto("/admin/monitoring"))!.status()).toBe(403);
  expect(dialogs).toEqual([]);
});

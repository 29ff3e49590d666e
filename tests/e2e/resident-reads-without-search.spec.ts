// With Meilisearch unreachable the portal still starts, says so in one line, and serves pages from the database.
import { expect, test } from "../support/fixtures.ts";
import { startPortal, type PortalServer } from "../support/portal-server.ts";

let portal: PortalServer;

test.beforeAll(async ({}, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "one server start is enough");
  portal = await startPortal({ MEILI_URL: "http://127.0.0.1:9", MEILI_MASTER_KEY: "k".repeat(16) });
});
test.afterAll(async () => {
  await portal?.stop();
});

test("a resident reads the home page while the search service is down", async ({ page }) => {
  expect(portal.output()).toContain("搜索服务 http://127.0.0.1:9 不可用");
  expect(portal.output()).toContain("站内搜索改用数据库");
  expect(portal.output()).not.toMatch(/\n\s+at /);
  await page.goto(`${portal.url}/`);
  await expect(page.getByTestId("latest-notices")).toContainText("内爱卫会发〔2026〕2号");
});

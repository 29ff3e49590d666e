// Every public page of the portal, and what "reads well" means for each: it answers, says what it should, ships no
// island script (reading pages), fits the screen, has readable chips and thumb-sized page links, passes axe-core, and
// is photographed for a person to look at. Shared by the standard-mode and elder-mode journeys.
import type { Page, TestInfo } from "@playwright/test";
import { expect } from "./fixtures.ts";
import { axe, firstHref } from "./pages.ts";

export interface PublicPage {
  name: string;
  path: string;
  text: RegExp;
  status?: number;
  /** Pages with a form island (the island is expected there). */
  island?: boolean;
}

export async function publicPages(page: Page): Promise<PublicPage[]> {
  const notice = await firstHref(page, "/notices", /^\/notices\/[^?]+$/);
  const openList = await firstHref(page, "/publicity?status=open", /^\/publicity\/\d+$/);
  const closedList = await firstHref(page, "/publicity?status=closed", /^\/publicity\/\d+$/);
  return [
    { name: "home", path: "/", text: /全国健康城镇公示与监督平台/ },
    { name: "publicity", path: "/publicity", text: /社会公示/ },
    { name: "publicity-open", path: openList, text: /公示期/ },
    { name: "publicity-closed", path: closedList, text: /公示期/ },
    { name: "towns", path: "/towns", text: /已命名城镇/ },
    { name: "towns-all", path: "/towns?status=all", text: /已命名城镇/ },
    { name: "town", path: "/towns/150100", text: /称号|历程/ },
    { name: "region-without-designation", path: "/towns/150623", text: /鄂托克前旗/ },
    { name: "notices", path: "/notices", text: /通知公告/ },
    { name: "notice", path: notice, text: /发布/ },
    { name: "notice-reference", path: "/notices/jiaozuo-2023-sanitary-city-management", text: /参考文件/ },
    { name: "cycle", path: "/cycle", text: /复审/ },
    { name: "responsibilities", path: "/responsibilities", text: /牵头/ },
    { name: "responsibilities-search", path: "/responsibilities?q=%E5%8D%AB%E7%94%9F", text: /卫生/ },
    { name: "search", path: "/search?q=%E5%81%A5%E5%BA%B7%E5%8E%BF", text: /找到约 \d+ 条结果/ },
    { name: "search-region", path: "/search?q=etkqq", text: /鄂托克前旗/ },
    { name: "stats", path: "/stats", text: /办理情况统计/ },
    { name: "monthly", path: "/stats/monthly", text: /办理情况通报/ },
    { name: "rectifications", path: "/rectifications", text: /整改公示/ },
    { name: "open-data", path: "/open-data", text: /开放数据与订阅/ },
    { name: "api-docs", path: "/api/v1/docs", text: /只读接口说明/ },
    { name: "alerts", path: "/alerts", text: /邮件提醒/ },
    { name: "guide", path: "/guide", text: /个工作日/ },
    { name: "privacy", path: "/privacy", text: /个人信息保护告知/ },
    { name: "accessibility", path: "/accessibility", text: /GB\/T 37668-2019/ },
    { name: "contact", path: "/contact", text: /咨询电话|主办单位/ },
    { name: "track", path: "/track", text: /办理查询/ },
    { name: "track-recover", path: "/track/recover", text: /查询码/ },
    { name: "report", path: "/report", text: /反映类型/, island: true },
    { name: "not-found", path: "/towns/999999", text: /页面不存在|找不到/, status: 404 },
  ];
}

/** Opens `p` and checks it reads well; the screenshot goes to `<prefix>-<name>.png` under the test's output. */
export async function readsWell(page: Page, p: PublicPage, testInfo: TestInfo, prefix: string): Promise<void> {
  const res = await page.goto(p.path);
  expect(res?.status(), p.path).toBe(p.status ?? 200);
  await expect(page.locator("main")).toContainText(p.text);
  for (const landmark of ["banner", "main", "contentinfo"] as const) await expect(page.getByRole(landmark), p.path).toHaveCount(1);
  await expect(page.getByRole("heading", { level: 1 }), p.path).toHaveCount(1);
  // Reading pages run nothing: no island scripts.
  if (!p.island) expect(await page.locator("astro-island").count(), p.path).toBe(0);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${p.path} scrolls sideways`).toBeLessThanOrEqual(1);
  // Chips and tags are read, not decoration: none smaller than 14 px.
  const small = await page.locator("main .tag, main .status, main .chip").evaluateAll((els) => els.filter((e) => parseFloat(getComputedStyle(e).fontSize) < 14).map((e) => e.textContent));
  expect(small, `${p.path} has chips under 14 px`).toEqual([]);
  for (const h of await page.locator(".pagination a").evaluateAll((as) => as.map((a) => a.getBoundingClientRect().height))) expect(h, `${p.path} page links`).toBeGreaterThanOrEqual(44);
  await axe(page);
  await page.screenshot({ path: testInfo.outputPath(`${prefix}-${p.name}.png`), fullPage: true });
}

// A notice staff translated into English reads in English on /en/; in Mongolian, with no Mongolian version stored, the
// same notice shows its Chinese original marked as Chinese, with one line in Mongolian saying so. The translation row
// is written straight into the database the portal reads (its own PostgreSQL database, as in
// resident-sees-a-publish-within-seconds), before the page is first asked for, so no cached copy stands in the way.
import { randomBytes } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { expect, test, type Page } from "../support/fixtures.ts";
import { notices, translations } from "../../db/schema.ts";
import { openDatabase, type Database } from "../../src/server/db.ts";
import { startPortal, type PortalServer } from "../support/portal-server.ts";
import { emptyPostgresDatabase, type EmptyDatabase } from "../support/postgres.ts";
import { postgresServerUrl, postgresSkipReason } from "../support/postgres-server.ts";
import { untranslatedText as allUntranslated } from "../support/i18n.ts";

// The site-wide feed's <link title> in the head is the Chinese feed's own name (the layout's); this journey is about the
// notice on the page.
const untranslatedText = async (page: Page) => (await allUntranslated(page)).filter((t) => !t.startsWith("link[title]"));

let empty: EmptyDatabase;
let portal: PortalServer;
let database: Database;

test.beforeAll(async ({}, testInfo) => {
  test.skip(testInfo.project.name !== "phone", "one server start is enough");
  test.setTimeout(180_000);
  const serverUrl = postgresServerUrl();
  test.skip(!serverUrl, postgresSkipReason());
  empty = await emptyPostgresDatabase(serverUrl!, "htp_e2e");
  portal = await startPortal({ DATABASE_URL: empty.url, REPORT_HOURLY_LIMIT: "1000" });
  database = await openDatabase({ databaseUrl: empty.url, dataDir: portal.dataDir });
});

test.afterAll(async () => {
  await database?.close();
  await portal?.stop();
  await empty?.drop();
});

test("a notice reads in its English version on /en/ and in its Chinese original, said so, on /mn/", async ({ page }) => {
  const [notice] = await database.db.select().from(notices).where(and(eq(notices.status, "published"), eq(notices.isDemo, false))).orderBy(asc(notices.id)).limit(1);
  const title = `Notice on the healthy towns review ${randomBytes(3).toString("hex")}`;
  await database.db.insert(translations).values({ noticeId: notice!.id, locale: "en", title, body: "To the patriotic health committees of every league and city.\n\nPlease send your reports by 30 November.", updatedAt: new Date() });

  await page.goto(`${portal.url}/en/notices/${notice!.slug}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page.locator("article")).toContainText("Please send your reports by 30 November.");
  await expect(page.locator("article")).not.toHaveAttribute("lang", "zh-CN");
  await expect(page.getByTestId("untranslated")).toHaveCount(0);
  expect(await untranslatedText(page)).toEqual([]);

  await page.goto(`${portal.url}/mn/notices/${notice!.slug}`);
  const h1 = page.getByRole("heading", { level: 1 });
  await expect(h1).toHaveText(notice!.title);
  await expect(h1).toHaveAttribute("lang", "zh-CN");
  await expect(page.locator("article")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByTestId("untranslated")).toHaveCount(1);
  await expect(page.getByTestId("untranslated")).toHaveText(/^[\u1800-\u18af\s]+[\u1800-\u18af]$/u);
  expect(await untranslatedText(page)).toEqual([]);

  // The list of notices gives the English title on /en/ and the Chinese one, marked, on /mn/.
  await page.goto(`${portal.url}/en/notices`);
  await expect(page.getByTestId("notices").getByRole("link", { name: title })).toHaveAttribute("href", `/en/notices/${notice!.slug}`);
  await page.goto(`${portal.url}/mn/notices`);
  await expect(page.getByTestId("notices").getByRole("link", { name: notice!.title, exact: true })).toHaveAttribute("lang", "zh-CN");
});

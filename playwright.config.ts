import { mkdirSync } from "node:fs";
import { defineConfig } from "@playwright/test";
import { chromiumExecutable, CHROMIUM_ARGS } from "./tests/support/browser.ts";

mkdirSync("test-results", { recursive: true });
const executablePath = chromiumExecutable();

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results/e2e",
  globalSetup: "./tests/e2e/global-setup.ts",
  workers: 1,
  timeout: 60_000,
  reporter: [["list"]],
  use: {
    baseURL: process.env.E2E_BASE_URL,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    launchOptions: executablePath ? { executablePath, args: CHROMIUM_ARGS } : {},
  },
  projects: [
    { name: "phone", use: { viewport: { width: 390, height: 844 } } },
    { name: "desktop", use: { viewport: { width: 1280, height: 900 } } },
  ],
});

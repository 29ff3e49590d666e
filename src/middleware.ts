import { defineMiddleware } from "astro:middleware";
import { startBackgroundJobs } from "./server/jobs.ts";

export const onRequest = defineMiddleware(async (_context, next) => {
  startBackgroundJobs();
  return next();
});

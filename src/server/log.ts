import pino from "pino";
import { logLevel } from "./config.ts";

// One logger for the process; its level from LOG_LEVEL without parsing the whole configuration (the logger must work
// even when the configuration is what failed).
export const log = pino({
  level: logLevel(),
  base: undefined,
});

import pino from "pino";

// One logger for the process; level from LOG_LEVEL without parsing the whole configuration (the logger must work
// even when the configuration is what failed).
export const log = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: undefined,
});

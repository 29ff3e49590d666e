// This process's name among the instances serving one database: in tick rows, leases and logs.
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";

const KEY = Symbol.for("health-towns.instance-id");
const holder = globalThis as Record<symbol, string | undefined>;

/** Shared by the start script and the Astro bundle, which load this module as two copies. */
export function instanceId(): string {
  holder[KEY] ??= `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  return holder[KEY];
}

// Server secrets that must survive restarts (HMAC keys), generated on first use and kept in the settings table so
// that a fresh laptop needs no configuration and several processes on one database agree.
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { settings } from "../../db/schema.ts";
import type { Tx } from "./db.ts";

const cache = new Map<string, Buffer>();

export async function serverSecret(tx: Tx, name: string): Promise<Buffer> {
  const key = `secret:${name}`;
  const hit = cache.get(key);
  if (hit) return hit;
  // Insert-if-absent then read: two processes racing on first use end up with the same value.
  await tx
    .insert(settings)
    .values({ key, value: randomBytes(32).toString("base64") })
    .onConflictDoNothing();
  const [row] = await tx.select({ value: settings.value }).from(settings).where(eq(settings.key, key));
  if (!row || typeof row.value !== "string") throw new Error(`secret ${name} unreadable`);
  const secret = Buffer.from(row.value, "base64");
  cache.set(key, secret);
  return secret;
}

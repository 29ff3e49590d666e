// README "Deploying": the portal running as its own database role, granted INSERT and SELECT only on the audit
// tables, starts on a database the owner migrated, writes audit rows, and can neither change them nor switch the
// append-only trigger off (it does not own the table).
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "../../../db/schema.ts";
import { audit, verifyAuditChain } from "../../../src/server/audit.ts";
import { migrateDatabase, openDatabase, type Database } from "../../../src/server/db.ts";
import { freshDatabase, MIGRATIONS, postgresServerUrl, type TestDatabase } from "../../support/databases.ts";

describe.runIf(postgresServerUrl)("the application's own database role on PostgreSQL", () => {
  let owner: TestDatabase;
  let app: Database | undefined;
  const role = `htp_app_${randomBytes(4).toString("hex")}`;
  const password = randomBytes(12).toString("hex");
  let admin: ReturnType<typeof postgres>;

  beforeAll(async () => {
    owner = await freshDatabase("postgres");
    admin = postgres(owner.url!, { onnotice: () => {}, max: 1 });
    const dbName = new URL(owner.url!).pathname.slice(1);
    // The README's grants, word for word (the start-up's migration check needs the drizzle schema's).
    await admin.unsafe(`
      CREATE ROLE ${role} LOGIN PASSWORD '${password}';
      GRANT CONNECT, CREATE ON DATABASE ${dbName} TO ${role};
      GRANT USAGE, CREATE ON SCHEMA drizzle TO ${role};
      GRANT SELECT ON ALL TABLES IN SCHEMA drizzle TO ${role};
      GRANT USAGE ON SCHEMA public TO ${role};
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role};
      GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role};
      REVOKE UPDATE, DELETE, TRUNCATE ON audit_log, audit_checkpoints FROM ${role};
    `);
  });
  afterAll(async () => {
    await app?.close();
    await owner?.dispose();
    await admin?.unsafe(`DROP ROLE IF EXISTS ${role}`).catch(() => {});
    await admin?.end();
  });

  it("starts, appends, and cannot change or unprotect the audit log", async () => {
    const url = new URL(owner.url!);
    url.username = role;
    url.password = password;
    app = await openDatabase({ databaseUrl: url.toString(), dataDir: tmpdir() });
    await migrateDatabase(app, MIGRATIONS);
    const db = app.db;
    await audit(db, { at: new Date(), actorLabel: "测试", action: "login", objectType: "staff_user", objectId: "u1" });
    const failure = async (p: PromiseLike<unknown>) => {
      const err = (await Promise.resolve(p).then(() => null, (e: Error) => e)) as (Error & { cause?: Error }) | null;
      return err ? `${err.message} ${err.cause?.message ?? ""}` : "accepted";
    };
    expect(await failure(db.update(auditLog).set({ reason: "改" }))).toMatch(/permission denied/);
    expect(await failure(db.delete(auditLog))).toMatch(/permission denied/);
    expect(await failure(db.execute(sql`truncate audit_log`))).toMatch(/permission denied/);
    expect(await failure(db.execute(sql`alter table audit_log disable trigger audit_log_append_only`))).toMatch(/must be owner/);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, rows: 1 });
  });
});

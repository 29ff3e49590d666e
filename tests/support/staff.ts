// The seeded staff as actors for the services, looked up by username.
import { staffUsers } from "../../db/schema.ts";
import type { StaffActor } from "../../src/server/cases/actions.ts";
import type { Db } from "../../src/server/db.ts";

export async function staffActors(db: Db): Promise<(username: string) => StaffActor> {
  const users = await db.select().from(staffUsers);
  return (username) => {
    const u = users.find((x) => x.username === username);
    if (!u) throw new Error(`no staff user ${username}`);
    return { role: u.role, unitId: u.unitId, userId: u.id, displayName: u.displayName };
  };
}

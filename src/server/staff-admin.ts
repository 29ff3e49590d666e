// Staff administration 人员管理 (admin only) and a person's own password. Every change is audited; disabling,
// a reset and a password change end every session of that person (DESIGN.md §5).
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { staffUsers, units } from "../../db/schema.ts";
import { staffLabel, type Role } from "../domain/cases.ts";
import { appendAudit } from "./audit.ts";
import { generatePassword, hashPassword, verifyPassword } from "./auth/passwords.ts";
import { invalidateUserSessions } from "./auth/sessions.ts";
import type { StaffActor } from "./cases/actions.ts";
import { config } from "./config.ts";
import type { Db, Tx } from "./db.ts";
import { invalidForm } from "./form-errors.ts";
import { newUserId } from "./staff.ts";

export const ROLES = ["admin", "officer", "handler", "auditor"] as const satisfies readonly Role[];
export type StaffResult = { ok: true; message: string; password?: string } | { ok: false; status: 400 | 403 | 404 | 409; reason: string; errors?: Record<string, string> };

const FORBIDDEN = { ok: false, status: 403, reason: "只有系统管理员可以管理人员" } as const;

export const MIN_PASSWORD = 12;
const passwordRule = z.string().min(MIN_PASSWORD, `密码至少 ${MIN_PASSWORD} 个字符`).max(200, "密码不能超过 200 个字符");

const staffInput = z.object({
  username: z.string().trim().toLowerCase().regex(/^[a-z][a-z0-9_.-]{2,31}$/, "用户名须以字母开头，3–32 个字母、数字、点、横线或下划线"),
  displayName: z.string().trim().min(2, "请填写姓名（至少 2 个字）").max(40, "姓名不能超过 40 个字"),
  role: z.enum(ROLES, { error: "请选择角色" }),
  unitId: z.string().min(1, "请选择所属单位"),
  email: z.union([z.literal(""), z.email("邮箱格式不正确")]).optional(),
});

export async function listStaff(tx: Tx) {
  return tx
    .select({ id: staffUsers.id, username: staffUsers.username, displayName: staffUsers.displayName, role: staffUsers.role, unitId: staffUsers.unitId, unitName: units.name, email: staffUsers.email, disabled: staffUsers.disabled, lastLoginAt: staffUsers.lastLoginAt, twoFactor: staffUsers.totpKey })
    .from(staffUsers)
    .leftJoin(units, eq(units.id, staffUsers.unitId))
    .orderBy(asc(staffUsers.username))
    .then((rows) => rows.map((r) => ({ ...r, twoFactor: r.twoFactor !== null })));
}

async function unitOk(tx: Tx, role: Role, unitId: string): Promise<string | null> {
  const [u] = await tx.select({ kind: units.kind, active: units.active }).from(units).where(eq(units.id, unitId));
  if (!u?.active) return "请选择有效的单位";
  if (role !== "handler" && u.kind !== "office") return `系统管理员、${config().OFFICE_SHORT_NAME}工作人员和审计员须属于${config().OFFICE_SHORT_NAME}`;
  return null;
}

/** Creates a person with a generated password, shown once to the admin to hand over; they replace it at first sign-in. */
export async function createStaff(db: Db, actor: StaffActor, form: Record<string, unknown>, now: Date): Promise<StaffResult> {
  if (actor.role !== "admin") return FORBIDDEN;
  const parsed = staffInput.safeParse(form);
  if (!parsed.success) return invalidForm(parsed.error);
  const d = parsed.data;
  return db.transaction(async (tx): Promise<StaffResult> => {
    const bad = await unitOk(tx, d.role, d.unitId);
    if (bad) return { ok: false as const, status: 400 as const, reason: bad, errors: { unitId: bad } };
    const [taken] = await tx.select({ id: staffUsers.id }).from(staffUsers).where(eq(staffUsers.username, d.username));
    if (taken) return { ok: false as const, status: 409 as const, reason: "该用户名已被使用", errors: { username: "该用户名已被使用" } };
    const password = generatePassword();
    const id = newUserId();
    await tx.insert(staffUsers).values({ id, username: d.username, displayName: d.displayName, role: d.role, unitId: d.unitId, email: d.email || null, passwordHash: await hashPassword(password), passwordChangedAt: now, mustChangePassword: true, createdAt: now });
    await appendAudit(tx, { at: now, actorUserId: actor.userId, actorLabel: staffLabel(actor), action: "staff.create", objectType: "staff_user", objectId: id, details: { username: d.username, role: d.role, unitId: d.unitId } });
    return { ok: true as const, message: `已创建 ${d.username}`, password };
  });
}

const changeInput = z.object({
  role: z.enum(ROLES, { error: "请选择角色" }),
  unitId: z.string().min(1, "请选择所属单位"),
});

export async function updateStaff(db: Db, actor: StaffActor, userId: string, form: Record<string, unknown>, now: Date): Promise<StaffResult> {
  if (actor.role !== "admin") return FORBIDDEN;
  const parsed = changeInput.safeParse(form);
  if (!parsed.success) return invalidForm(parsed.error);
  return db.transaction(async (tx): Promise<StaffResult> => {
    const [user] = await tx.select().from(staffUsers).where(eq(staffUsers.id, userId));
    if (!user) return { ok: false as const, status: 404 as const, reason: "人员不存在" };
    if (user.id === actor.userId && parsed.data.role !== "admin") return { ok: false as const, status: 400 as const, reason: "不能取消自己的系统管理员角色" };
    const bad = await unitOk(tx, parsed.data.role, parsed.data.unitId);
    if (bad) return { ok: false as const, status: 400 as const, reason: bad, errors: { unitId: bad } };
    await tx.update(staffUsers).set(parsed.data).where(eq(staffUsers.id, userId));
    // A new role or unit changes what the person may see: their open sessions end.
    if (parsed.data.role !== user.role || parsed.data.unitId !== user.unitId) await invalidateUserSessions(tx, userId);
    await appendAudit(tx, { at: now, actorUserId: actor.userId, actorLabel: staffLabel(actor), action: "staff.update", objectType: "staff_user", objectId: userId, details: { from: { role: user.role, unitId: user.unitId }, to: parsed.data } });
    return { ok: true as const, message: `已更新 ${user.username}` };
  });
}

export async function setDisabled(db: Db, actor: StaffActor, userId: string, disabled: boolean, now: Date): Promise<StaffResult> {
  if (actor.role !== "admin") return FORBIDDEN;
  if (userId === actor.userId) return { ok: false, status: 400, reason: "不能停用自己的账号" };
  return db.transaction(async (tx): Promise<StaffResult> => {
    const [user] = await tx.update(staffUsers).set({ disabled }).where(eq(staffUsers.id, userId)).returning();
    if (!user) return { ok: false as const, status: 404 as const, reason: "人员不存在" };
    if (disabled) await invalidateUserSessions(tx, userId);
    await appendAudit(tx, { at: now, actorUserId: actor.userId, actorLabel: staffLabel(actor), action: disabled ? "staff.disable" : "staff.enable", objectType: "staff_user", objectId: userId });
    return { ok: true as const, message: `${user.username} 已${disabled ? "停用" : "启用"}` };
  });
}

/** A new generated password (shown once, replaced at the next sign-in); the second factor is kept, every session ends. */
export async function resetPassword(db: Db, actor: StaffActor, userId: string, now: Date): Promise<StaffResult> {
  if (actor.role !== "admin") return FORBIDDEN;
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx): Promise<StaffResult> => {
    const [user] = await tx.update(staffUsers).set({ passwordHash, passwordChangedAt: now, mustChangePassword: true }).where(eq(staffUsers.id, userId)).returning();
    if (!user) return { ok: false as const, status: 404 as const, reason: "人员不存在" };
    await invalidateUserSessions(tx, userId);
    await appendAudit(tx, { at: now, actorUserId: actor.userId, actorLabel: staffLabel(actor), action: "staff.reset_password", objectType: "staff_user", objectId: userId });
    return { ok: true as const, message: `已为 ${user.username} 重置密码`, password };
  });
}

/** The person's own password; all their sessions end, and a fresh one is issued by the caller. */
export async function changeOwnPassword(db: Db, actor: StaffActor, form: Record<string, unknown>, now: Date): Promise<StaffResult> {
  const parsed = z
    .object({ current: z.string().min(1, "请填写当前密码"), next: passwordRule, repeat: z.string() })
    .refine((d) => d.next === d.repeat, { message: "两次输入的新密码不一致", path: ["repeat"] })
    .safeParse(form);
  if (!parsed.success) return invalidForm(parsed.error);
  const [user] = await db.select().from(staffUsers).where(eq(staffUsers.id, actor.userId));
  if (!user || !(await verifyPassword(user.passwordHash, parsed.data.current))) return { ok: false, status: 400, reason: "当前密码不正确", errors: { current: "当前密码不正确" } };
  if (parsed.data.next === parsed.data.current) return { ok: false, status: 400, reason: "新密码不能与当前密码相同", errors: { next: "新密码不能与当前密码相同" } };
  const passwordHash = await hashPassword(parsed.data.next);
  // Sessions created before this instant are void (validateSessionToken compares with passwordChangedAt).
  await db.transaction(async (tx) => {
    await tx.update(staffUsers).set({ passwordHash, passwordChangedAt: now, mustChangePassword: false }).where(eq(staffUsers.id, actor.userId));
    await invalidateUserSessions(tx, actor.userId);
    await appendAudit(tx, { at: now, actorUserId: actor.userId, actorLabel: staffLabel(actor), action: "staff.change_password", objectType: "staff_user", objectId: actor.userId });
  });
  return { ok: true, message: "密码已修改，其他设备上的登录已全部退出" };
}

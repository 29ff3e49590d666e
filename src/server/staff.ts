// Staff users 工作人员: one per role at seeding, each with a generated password printed once.
import { randomBytes } from "node:crypto";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import { staffUsers } from "../../db/schema.ts";
import type { Role } from "../domain/cases.ts";
import { generatePassword, hashPassword } from "./auth/passwords.ts";
import type { Tx } from "./db.ts";
import { OFFICE_UNIT_ID, unitIdForRegion } from "./regions.ts";

export function newUserId(): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(15));
}

export interface SeededAccount {
  username: string;
  role: Role;
  unitId: string;
  password: string;
}

export async function seedStaffUsers(tx: Tx, provinceCode: string): Promise<SeededAccount[]> {
  // The demo handler works for the first league/city of the province (鄂尔多斯市 holds most demo cases).
  const handlerUnit = provinceCode === "150000" ? unitIdForRegion("150600") : OFFICE_UNIT_ID;
  const plan: { username: string; displayName: string; role: Role; unitId: string }[] = [
    { username: "admin", displayName: "系统管理员（示例）", role: "admin", unitId: OFFICE_UNIT_ID },
    { username: "officer", displayName: "自治区爱卫办经办人（示例）", role: "officer", unitId: OFFICE_UNIT_ID },
    { username: "handler", displayName: "盟市爱卫办经办人（示例）", role: "handler", unitId: handlerUnit },
    { username: "auditor", displayName: "审计员（示例）", role: "auditor", unitId: OFFICE_UNIT_ID },
  ];
  const accounts: SeededAccount[] = [];
  for (const p of plan) {
    const password = generatePassword();
    await tx.insert(staffUsers).values({ id: newUserId(), ...p, passwordHash: await hashPassword(password) });
    accounts.push({ username: p.username, role: p.role, unitId: p.unitId, password });
  }
  return accounts;
}

// The back office's door: every /admin request is resolved to a signed-in staff member here, before any page runs.
// Pages then only ask "may this role do this?" and the services check again (DESIGN.md §5).
import type { Role } from "../../domain/cases.ts";
import type { StaffActor } from "../cases/actions.ts";
import type { Tx } from "../db.ts";
import { sessionCookieName, validateSessionToken, type Session, type StaffUser } from "./sessions.ts";
import { requiresTwoFactor } from "./two-factor.ts";

export interface SignedInStaff {
  user: StaffUser;
  session: Session;
  actor: StaffActor;
}

/** Pages reachable without a session. */
const OPEN_PATHS = ["/admin/login"];
/** Pages reachable with a session whose second factor is still pending. */
const SECOND_FACTOR_PATHS = ["/admin/two-factor", "/admin/enrol", "/admin/logout"];

export function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return v.join("=") || null;
  }
  return null;
}

export type GateDecision =
  | { kind: "open" }
  | { kind: "redirect"; location: string; clearCookie?: boolean }
  | { kind: "staff"; staff: SignedInStaff };

export async function gate(tx: Tx, input: { path: string; search: string; method: string; cookie: string | null; secure: boolean }, now: Date): Promise<GateDecision> {
  if (OPEN_PATHS.includes(input.path)) return { kind: "open" };
  const token = readCookie(input.cookie, sessionCookieName(input.secure));
  const found = token ? await validateSessionToken(tx, token, now) : null;
  if (!found) {
    const next = input.method === "GET" ? `?next=${encodeURIComponent(input.path + input.search)}` : "";
    return { kind: "redirect", location: `/admin/login${next}`, clearCookie: !!token };
  }
  const { user, session } = found;
  const staff: SignedInStaff = { user, session, actor: { role: user.role as Role, unitId: user.unitId, userId: user.id, displayName: user.displayName } };
  const needsSecond = (requiresTwoFactor(user.role as Role) || user.totpKey !== null) && !session.twoFactorVerified;
  if (needsSecond && !SECOND_FACTOR_PATHS.includes(input.path)) {
    return { kind: "redirect", location: user.totpKey ? "/admin/two-factor" : "/admin/enrol" };
  }
  return { kind: "staff", staff };
}

/** What each role may open in the back office; the services enforce the same rules on every write. */
export const AREA_ROLES = {
  cases: ["admin", "officer", "handler"],
  publish: ["admin", "officer"],
  staff: ["admin"],
  audit: ["admin", "auditor"],
} as const satisfies Record<string, readonly Role[]>;
export type Area = keyof typeof AREA_ROLES;

export function mayEnter(role: Role, area: Area): boolean {
  return (AREA_ROLES[area] as readonly Role[]).includes(role);
}

/** Only back-office paths on this site are followed after sign-in, never another origin. */
export function safeNext(next: string | null): string {
  return next && /^\/admin(\/[\w\-./?=&%]*)?$/.test(next) && !next.startsWith("//") ? next : "/admin";
}

/**
 * The back office's own 404 or 403 page for Astro.rewrite(). A GET request is built afresh because a POST's body
 * has already been read by the time a page knows the answer, and a rewrite would try to read it again.
 */
export function adminErrorPage(url: URL, request: Request, page: "not-found" | "forbidden"): Request {
  return new Request(new URL(`/admin/${page}`, url), { headers: request.headers });
}

// Is the database reachable? One flag per process, set when a query fails because PostgreSQL cannot be reached and
// cleared by a probe that gets through (src/server/runtime.ts). While it is set, requests fail at once with a 503
// instead of each waiting for a connection attempt, and the page cache serves what it holds, marked STALE.
// Kept on globalThis: the start script and the server bundle load this module as separate copies.

/** Thrown instead of querying while the database is known to be unreachable. */
export class DatabaseUnavailableError extends Error {
  readonly code = "DATABASE_UNAVAILABLE";
}

/** Seconds a client told 503 should wait before trying again. */
export const RETRY_AFTER_SECONDS = 10;

const KEY = Symbol.for("health-towns.database-availability");
type State = { down: boolean; since: number };
const state = ((globalThis as Record<symbol, State>)[KEY] ??= { down: false, since: 0 });

export function databaseDown(): boolean {
  return state.down;
}

export function markDatabaseDown(now = Date.now()): void {
  if (!state.down) state.since = now;
  state.down = true;
}

export function markDatabaseUp(): void {
  state.down = false;
}

// postgres.js connection errors, and SQLSTATEs that mean the server cannot serve us right now: class 08
// (connection exception), 57P01–57P03 (shutting down, crashed, starting up).
const CONNECTION_CODES = new Set(["DATABASE_UNAVAILABLE", "CONNECT_TIMEOUT", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED"]);
// Socket errors count only on a query (a mail server refusing a connection is not the database being down).
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "EPIPE"]);
// …and those that mean it is alive but overloaded: statement timeout, too many connections.
const OVERLOAD_CODES = new Set(["57014", "53300"]);

function inspect(err: unknown): { codes: string[]; onQuery: boolean } {
  const codes: string[] = [];
  let onQuery = false;
  // Drizzle wraps driver errors (DrizzleQueryError, our DatabaseError) with the original as `cause`.
  for (let e = err, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, query } = e as { code?: unknown; query?: unknown };
    if (typeof code === "string") codes.push(code);
    // DrizzleQueryError and the driver's own query errors carry the query.
    if (typeof query === "string") onQuery = true;
    if (e instanceof DatabaseUnavailableError) codes.push("DATABASE_UNAVAILABLE");
  }
  return { codes, onQuery };
}

/** The database cannot be reached (a connection failed, or the server is shutting down or starting up). */
export function isConnectionFailure(err: unknown): boolean {
  const { codes, onQuery } = inspect(err);
  return codes.some((c) => CONNECTION_CODES.has(c) || /^08[0-9A-Z]{3}$/.test(c) || /^57P0[123]$/.test(c) || (onQuery && SOCKET_CODES.has(c)));
}

/** A request failed because the database is unavailable or overloaded, not because of a bug: answer 503. */
export function isDatabaseUnavailable(err: unknown): boolean {
  return isConnectionFailure(err) || inspect(err).codes.some((c) => OVERLOAD_CODES.has(c));
}

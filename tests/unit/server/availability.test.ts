import { describe, expect, it } from "vitest";
import { DatabaseUnavailableError, isConnectionFailure, isDatabaseUnavailable } from "../../../src/server/availability.ts";

const withCode = (code: string) => Object.assign(new Error("x"), { code });
// Drizzle wraps driver errors in a DrizzleQueryError carrying the query: the code is on the cause.
const wrapped = (err: Error) => Object.assign(new Error("Failed query: select 1", { cause: err }), { query: "select 1", params: [] });

describe("database availability", () => {
  it("tells an unreachable database from a bug", () => {
    for (const code of ["ECONNREFUSED", "CONNECT_TIMEOUT", "CONNECTION_CLOSED", "57P01", "57P03", "08006"]) {
      expect(isConnectionFailure(wrapped(withCode(code))), code).toBe(true);
      expect(isDatabaseUnavailable(wrapped(withCode(code))), code).toBe(true);
    }
    expect(isConnectionFailure(new DatabaseUnavailableError("down"))).toBe(true);
    // Alive but overloaded (statement timeout, too many connections): a 503, but not a reason to stop trying.
    for (const code of ["57014", "53300"]) {
      expect(isDatabaseUnavailable(wrapped(withCode(code))), code).toBe(true);
      expect(isConnectionFailure(wrapped(withCode(code))), code).toBe(false);
    }
    // A socket error that is not a query's (a mail server refusing the connection) is not the database.
    expect(isConnectionFailure(withCode("ECONNREFUSED"))).toBe(false);
    expect(isConnectionFailure(wrapped(withCode("ECONNRESET")))).toBe(true);
    for (const err of [new Error("boom"), withCode("ECONNREFUSED"), wrapped(withCode("23505")), wrapped(withCode("42P01")), null, "text"]) {
      expect(isDatabaseUnavailable(err)).toBe(false);
    }
  });
});

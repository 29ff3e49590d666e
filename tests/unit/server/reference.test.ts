import { describe, expect, it } from "vitest";
import { pageCache } from "../../../src/server/cache.ts";
import { dropReference, reference } from "../../../src/server/reference.ts";

describe("reference data in memory", () => {
  it("loads once, and again after the page cache is cleared", async () => {
    dropReference();
    let loads = 0;
    const load = async () => ++loads;
    expect(await reference("k", load)).toBe(1);
    expect(await reference("k", load)).toBe(1);
    pageCache().clear();
    expect(await reference("k", load)).toBe(2);
  });

  it("does not keep a failed load", async () => {
    dropReference();
    await expect(reference("f", () => Promise.reject(new Error("away")))).rejects.toThrow("away");
    expect(await reference("f", async () => "back")).toBe("back");
  });
});

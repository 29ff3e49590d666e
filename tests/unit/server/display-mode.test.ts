import { describe, expect, it } from "vitest";
import { modeCookie, modeFromCookieHeader, safeReturnPath, switchHref } from "../../../src/server/display-mode.ts";

describe("display mode", () => {
  it("is elder only when the cookie says exactly that", () => {
    expect(modeFromCookieHeader(undefined)).toBe("standard");
    expect(modeFromCookieHeader("display_mode=elder")).toBe("elder");
    expect(modeFromCookieHeader("a=1; display_mode=elder; b=2")).toBe("elder");
    expect(modeFromCookieHeader("display_mode=elderly")).toBe("standard");
    expect(modeFromCookieHeader("xdisplay_mode=elder")).toBe("standard");
  });

  it("remembers elder mode for a year and forgets it for standard, Secure on https", () => {
    expect(modeCookie("elder", false)).toBe("display_mode=elder; Max-Age=31536000; Path=/; SameSite=Lax; HttpOnly");
    expect(modeCookie("elder", true)).toMatch(/; Secure$/);
    expect(modeCookie("standard", false)).toMatch(/^display_mode=; Max-Age=0; Path=\/; SameSite=Lax/);
  });

  it("goes back only to a path on this site", () => {
    expect(safeReturnPath("/publicity/3?page=2")).toBe("/publicity/3?page=2");
    expect(safeReturnPath("/search?q=%E5%81%A5")).toBe("/search?q=%E5%81%A5");
    for (const bad of [null, "", "https://evil.example/", "//evil.example/x", "/\\evil.example", "\\\\evil.example", "javascript:alert(1)", "/a\nb", "/./\\evil", "/mode?to=elder", "evil.example"]) {
      expect(safeReturnPath(bad), String(bad)).toBe("/");
    }
    // Encoded, a newline is only a strange path on this site.
    expect(safeReturnPath("/%0a")).toBe("/%0a");
  });

  it("links to the other mode with the current page to come back to", () => {
    expect(switchHref("standard", "/towns?p=2")).toBe("/mode?to=elder&back=%2Ftowns%3Fp%3D2");
    expect(switchHref("elder", "/")).toBe("/mode?to=standard&back=%2F");
  });
});

// The notes the portal writes on a case itself are said again in the reader's language; staff's notes are not.
import { describe, expect, it } from "vitest";
import { CASE_SOURCES, receivedNote } from "../../../src/domain/channels.ts";
import { systemNoteIn } from "../../../src/i18n/labels-case.ts";

describe("systemNoteIn", () => {
  it("says the note on receipt in English and Mongolian, for every channel", () => {
    expect(systemNoteIn(receivedNote(null), "en")).toBe("We have received your report and will decide within the time allowed whether to accept it.");
    expect(systemNoteIn(receivedNote("hotline"), "en")).toBe("We have received your report (phone) and will decide within the time allowed whether to accept it.");
    expect(systemNoteIn(receivedNote("media_monitoring"), "en")).toMatch(/^The regional office found this lead through media monitoring/);
    for (const source of CASE_SOURCES) {
      for (const locale of ["en", "mn"] as const) {
        const said = systemNoteIn(receivedNote(source), locale);
        expect(said, `${source} in ${locale}`).toBeTruthy();
        expect(said).not.toMatch(/[\u4e00-\u9fff]/);
      }
    }
    expect(systemNoteIn(receivedNote("visit"), "mn")).toContain("ᠢᠷᠡᠵᠦ ᠤᠴᠠᠷᠠᠭᠰᠠᠨ");
  });

  it("leaves a note staff wrote as it is (null: shown in Chinese, marked), and Chinese pages unchanged", () => {
    expect(systemNoteIn("经核实，反映问题属实，已责成属地整改。", "en")).toBeNull();
    expect(systemNoteIn(receivedNote("letter"), "zh")).toBe(receivedNote("letter"));
  });
});

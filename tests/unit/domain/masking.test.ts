import { describe, expect, it } from "vitest";
import { maskEmail, maskIdentity, maskName, maskPhone } from "../../../src/domain/masking.ts";

describe("maskName", () => {
  it.each([
    ["张三", "张*"],
    ["张三丰", "张**"],
    ["  李四  ", "李*"],
    ["王", "*"],
    ["欧阳娜娜", "欧阳**"],
    ["欧阳修", "欧阳*"],
    ["司马相如", "司马**"],
    ["诸葛亮", "诸葛*"],
    ["欧阳", "欧*"],
    ["爱新觉罗·溥仪", "爱***"],
    ["巴特尔·那顺", "巴***"],
    ["乌力吉•巴雅尔", "乌***"],
    ["其其格", "其**"],
    ["John Smith", "J***"],
    ["", ""],
  ])("%s → %s", (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it("handles characters outside the basic plane", () => {
    expect(maskName("𠮷野家")).toBe("𠮷**");
  });
});

describe("maskPhone", () => {
  it.each([
    ["13812341234", "138****1234"],
    ["138 1234 1234", "138****1234"],
    ["138-1234-1234", "138****1234"],
    ["+86 138 1234 1234", "138****1234"],
    ["+8613812341234", "138****1234"],
    ["008613812341234", "138****1234"],
    ["8613812341234", "138****1234"],
    ["0471-6941234", "0471-****234"],
    ["(0471)6941234", "0471-****234"],
    ["0471 6941234", "0471-****234"],
    ["04716941234", "0471-****234"],
    ["010-12345678", "010-*****678"],
    ["02112345678", "021-*****678"],
    ["+86 471 6941234", "0471-****234"],
    ["12345", "***45"],
    ["400-123-4567", "**********67"],
    ["0471-6941234-8001", "***************01"],
    ["12", "**"],
    ["", ""],
  ])("%s → %s", (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });
});

describe("maskEmail", () => {
  it.each([
    ["zhang@qq.com", "z***@qq.com"],
    [" z@163.com ", "z***@163.com"],
    ["张三@例子.中国", "张***@例子.中国"],
    ["a.b@c@example.org", "a***@example.org"],
    ["zhang", "***"],
    ["@qq.com", "***"],
    ["zhang@", "***"],
    ["", ""],
  ])("%s → %s", (email, masked) => {
    expect(maskEmail(email)).toBe(masked);
  });
});

describe("maskIdentity", () => {
  it("masks what is there and keeps absent fields absent", () => {
    expect(maskIdentity({ name: "张三", phone: "13812341234", email: "zhang@qq.com" })).toEqual({
      name: "张*",
      phone: "138****1234",
      email: "z***@qq.com",
    });
    expect(maskIdentity({ name: null, phone: "" })).toEqual({ name: null, phone: null, email: null });
  });
});

import { describe, expect, it } from "vitest";
import { en, ko, translate } from "./messages";

describe("messages", () => {
  it("has an English text for every Korean key and no empty text", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ko).sort());
    for (const text of [...Object.values(ko), ...Object.values(en)]) {
      expect(text.trim()).not.toBe("");
    }
  });
  it("fills placeholders and leaves unknown ones visible", () => {
    expect(translate("ko", "home.welcome", { name: "홍길동" })).toBe("홍길동님, 환영합니다.");
    expect(translate("en", "home.welcome")).toBe("Welcome, {name}.");
  });
});

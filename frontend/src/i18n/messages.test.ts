import { describe, expect, it } from "vitest";
import { en, ko, PARTS, translate, type MessageKey } from "./messages";

describe("messages", () => {
  it("has an English text for every Korean key and no empty text", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ko).sort());
    for (const text of [...Object.values(ko), ...Object.values(en)]) {
      expect(text.trim()).not.toBe("");
    }
  });
  it("defines each key in one dictionary only", () => {
    const owner = new Map<string, string>();
    const twice: string[] = [];
    for (const part of PARTS) {
      for (const key of Object.keys(part.ko)) {
        if (owner.has(key)) twice.push(`${key} (${owner.get(key)}, ${part.name})`);
        owner.set(key, part.name);
      }
    }
    expect(twice).toEqual([]);
  });
  it("keeps the placeholders of each text in both languages", () => {
    const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const differ = (Object.keys(ko) as MessageKey[]).filter((key) => names(ko[key]).join() !== names(en[key]).join());
    expect(differ).toEqual([]);
  });
  it("fills placeholders and leaves unknown ones visible", () => {
    expect(translate("ko", "home.welcome", { name: "홍길동" })).toBe("홍길동님, 환영합니다.");
    expect(translate("en", "home.welcome")).toBe("Welcome, {name}.");
  });
  it("marks a key the dictionary lacks instead of failing", () => {
    expect(translate("en", "no.such.key" as MessageKey)).toBe("⟦no.such.key⟧");
  });
});

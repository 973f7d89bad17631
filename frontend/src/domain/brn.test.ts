import { describe, expect, it } from "vitest";
import { brnCheckDigit, brnState, formatBrn, isValidBrn } from "./brn";

describe("business registration number", () => {
  it("computes the check digit with the tens of 5 × the ninth digit", () => {
    // 220-81-62517: a published example number; 1328679190 is the demo seed's
    expect(brnCheckDigit("220816251")).toBe(7);
    expect(brnCheckDigit("132867919")).toBe(0);
  });
  it("reports the state while typing", () => {
    expect(brnState("")).toBe("empty");
    expect(brnState("220-81")).toBe("incomplete");
    expect(brnState("220-81-62517")).toBe("valid");
    expect(brnState("2208162517")).toBe("valid");
    expect(brnState("220-81-62518")).toBe("checkDigit");
    expect(brnState("22a-81")).toBe("malformed");
    expect(brnState("22081625171")).toBe("malformed");
    expect(brnState("2208-1-62517")).toBe("malformed");
  });
  it("formats ten digits with hyphens", () => {
    expect(formatBrn("2208162517")).toBe("220-81-62517");
    expect(formatBrn("220-81")).toBe("220-81");
    expect(isValidBrn(" 220-81-62517 ")).toBe(true);
  });
});

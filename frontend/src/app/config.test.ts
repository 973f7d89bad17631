import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, parseConfig } from "./config";

describe("client config", () => {
  it("takes the API base and warning lead time", () => {
    expect(parseConfig({ apiBase: "https://api.example.kr/prod/", sessionWarningSeconds: 600 })).toEqual({
      apiBase: "https://api.example.kr/prod",
      sessionWarningSeconds: 600,
    });
  });
  it("falls back to defaults for missing or wrong values", () => {
    expect(parseConfig(null)).toEqual(DEFAULT_CONFIG);
    expect(parseConfig({ apiBase: 3, sessionWarningSeconds: -1 })).toEqual(DEFAULT_CONFIG);
  });
});

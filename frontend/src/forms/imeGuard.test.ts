import { describe, expect, it } from "vitest";
import { isComposingKey, isImeEnter } from "./imeGuard";

describe("IME guard", () => {
  it("blocks Enter flagged as composing", () => {
    expect(isImeEnter({ key: "Enter", isComposing: true, keyCode: 13 }, false)).toBe(true);
  });
  it("blocks the 229 process key that some browsers send for the committing Enter", () => {
    expect(isImeEnter({ key: "Process", keyCode: 229 }, false)).toBe(true);
  });
  it("blocks Enter while a composition we saw start has not ended", () => {
    expect(isImeEnter({ key: "Enter", isComposing: false, keyCode: 13 }, true)).toBe(true);
  });
  it("lets a plain Enter through", () => {
    expect(isImeEnter({ key: "Enter", isComposing: false, keyCode: 13 }, false)).toBe(false);
  });
  it("ignores other keys", () => {
    expect(isImeEnter({ key: "a", isComposing: true }, true)).toBe(false);
    expect(isComposingKey({ key: "a" })).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { ApiError, NetworkError } from "./client";
import { shouldRetry } from "./queryClient";

describe("retries", () => {
  it("never repeats a refusal, retries a failure twice", () => {
    expect(shouldRetry(0, new ApiError(409, "conflict", "", undefined, undefined))).toBe(false);
    expect(shouldRetry(0, new ApiError(503, "unavailable", "", undefined, undefined))).toBe(true);
    expect(shouldRetry(1, new NetworkError("down"))).toBe(true);
    expect(shouldRetry(2, new NetworkError("down"))).toBe(false);
  });
});

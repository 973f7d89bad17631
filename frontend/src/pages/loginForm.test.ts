import { describe, expect, it } from "vitest";
import { safeNext, validateLogin } from "./loginForm";

describe("log-in form", () => {
  it("asks for both fields", () => {
    expect(validateLogin("", "")).toEqual({ email: "login.emailRequired", password: "login.passwordRequired" });
  });
  it("rejects an address without a domain", () => {
    expect(validateLogin("staff@", "x")).toEqual({ email: "login.emailInvalid" });
  });
  it("accepts a well-formed address and any password", () => {
    expect(validateLogin(" staff@demo.mdap.kr ", "비밀번호")).toEqual({});
  });
  it("follows only same-site paths after log-in", () => {
    expect(safeNext("/programs")).toBe("/programs");
    expect(safeNext("//evil.example")).toBe("/");
    expect(safeNext("https://evil.example")).toBe("/");
    expect(safeNext(null)).toBe("/");
  });
});

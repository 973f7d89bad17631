import { describe, expect, it } from "vitest";
import { loadSession, saveSession, sessionFromApi } from "./session";

const user = { sub: "s", email: "a@b.kr", name: "담당자", roles: ["staff"] };

class MemoryStorage implements Storage {
  private items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

describe("session", () => {
  it("keeps the anti-forgery token and never a refresh token", () => {
    const session = sessionFromApi({ id_token: "t", expires_at: 10, user, csrf_token: "fam.secret", refresh_token: "r" });
    expect(session).toEqual({ idToken: "t", expiresAt: 10, user, csrf: "fam.secret" });
    expect(JSON.stringify(session)).not.toContain('"r"');
  });

  it("refuses a body without an anti-forgery token", () => {
    expect(sessionFromApi({ id_token: "t", expires_at: 10, user })).toBeNull();
  });

  it("round-trips through storage and drops a stored session of the old shape", () => {
    const storage = new MemoryStorage();
    saveSession({ idToken: "t", expiresAt: 10, user, csrf: "f.s" }, storage);
    expect(loadSession(storage)?.csrf).toBe("f.s");
    storage.setItem("mdap.session", JSON.stringify({ idToken: "t", expiresAt: 10, user }));
    expect(loadSession(storage)).toBeNull();
  });
});

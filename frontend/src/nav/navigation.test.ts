import { describe, expect, it } from "vitest";
import { AREAS, areasFor, canOpen } from "./navigation";

const keys = (roles: string[]) => areasFor(roles).map((area) => area.key);

describe("role navigation", () => {
  it("gives each role its own areas", () => {
    expect(keys(["applicant"])).toEqual(["applications"]);
    expect(keys(["evaluator"])).toEqual(["evaluations"]);
    expect(keys(["staff"])).toEqual(["programs", "monitoring", "data", "dashboards"]);
  });
  it("gives admin everything staff sees plus user management", () => {
    expect(keys(["admin"])).toEqual([...keys(["staff"]), "users"]);
  });
  it("gives a factory user the monitoring, manual data and dashboards of its site and nothing of the program", () => {
    expect(keys(["factory"])).toEqual(["monitoring", "data", "dashboards"]);
  });
  it("unions the areas of several roles", () => {
    expect(keys(["applicant", "evaluator"])).toEqual(["applications", "evaluations"]);
  });
  it("grants nothing to unknown roles", () => {
    expect(keys(["root"])).toEqual([]);
    const users = AREAS.find((area) => area.key === "users");
    expect(users && canOpen(users, ["staff"])).toBe(false);
  });
});

// Which areas each role may open. A factory user (one site) sees the monitoring of its own site only.
export type Role = "applicant" | "evaluator" | "staff" | "admin" | "factory";

export const ROLES: readonly Role[] = ["applicant", "evaluator", "staff", "admin", "factory"];

export type AreaKey = "applications" | "evaluations" | "programs" | "monitoring" | "data" | "dashboards" | "users";

export interface Area {
  key: AreaKey;
  path: string;
  roles: readonly Role[];
}

export const AREAS: readonly Area[] = [
  { key: "applications", path: "/applications", roles: ["applicant"] },
  { key: "evaluations", path: "/evaluations", roles: ["evaluator"] },
  { key: "programs", path: "/programs", roles: ["staff", "admin"] },
  { key: "monitoring", path: "/monitoring", roles: ["staff", "admin", "factory"] },
  { key: "data", path: "/data", roles: ["staff", "admin", "factory"] },
  { key: "dashboards", path: "/dashboards", roles: ["staff", "admin", "factory"] },
  { key: "users", path: "/admin/users", roles: ["admin"] },
];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** The areas a user with these roles may open, in menu order; unknown roles grant nothing. */
export function areasFor(roles: readonly string[]): Area[] {
  return AREAS.filter((area) => area.roles.some((role) => roles.includes(role)));
}

export function canOpen(area: Area, roles: readonly string[]): boolean {
  return area.roles.some((role) => roles.includes(role));
}

// Names for the subjects approvals and audit entries point at (calls, applications, projects).
import type { Application, Call, Project } from "../../api/types";

export interface Directory {
  call: (id: string) => string;
  application: (id: string) => string;
  project: (id: string) => string;
}

export function adopterName(app: Application): string {
  return app.members.find((member) => member.role === "adopter")?.name ?? app.id;
}

export function directory(calls: Call[], applications: Application[], projects: Project[], lang: string): Directory {
  const callTitles = new Map(calls.map((call) => [call.id, lang === "en" && call.title_en ? call.title_en : call.title_ko]));
  const apps = new Map(applications.map((app) => [app.id, `${adopterName(app)}${app.title ? ` · ${app.title}` : ""}`]));
  const projectNames = new Map(projects.map((project) => [project.id, project.adopter?.name ?? project.id]));
  return {
    call: (id) => callTitles.get(id) ?? id,
    application: (id) => apps.get(id) ?? id,
    project: (id) => projectNames.get(id) ?? id,
  };
}

// 신청접수 → 요건검토 → 서류평가 → 선정평가 → 결과 발표: where an application stands, in the applicant's words.
import type { ApplicationStatus } from "../../api/types";
import type { Step } from "../../ui/Steps";

const STAGES = ["submitted", "review", "screening", "evaluation", "result"] as const;
const STAGE_OF: Partial<Record<ApplicationStatus, number>> = {
  submitted: 0,
  under_review: 1,
  info_requested: 1,
  ineligible: 1,
  eligible: 2,
  screening: 2,
  screened_out: 2,
  evaluation: 3,
  selected: 4,
  reserve: 4,
  not_selected: 4,
  cancelled: 4,
};
const ENDED: ApplicationStatus[] = ["ineligible", "screened_out", "selected", "reserve", "not_selected", "cancelled"];

export function progressSteps(status: ApplicationStatus, label: (stage: string) => string): Step[] {
  const at = STAGE_OF[status];
  return STAGES.map((stage, index) => ({
    label: label(stage),
    state: at === undefined ? "todo" : index < at || (index === at && ENDED.includes(status)) ? "done" : index === at ? "active" : "todo",
  }));
}

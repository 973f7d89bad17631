import { useI18n } from "../i18n/I18nProvider";

export interface Step {
  label: string;
  state: "done" | "active" | "todo";
}

/** KRDS step indicator: where something stands in its process. */
export function Steps({ steps, label }: { steps: Step[]; label: string }) {
  const { lang } = useI18n();
  return (
    <ol className="krds-step-wrap steps" aria-label={label}>
      {steps.map((step, index) => (
        <li key={step.label} className={step.state === "todo" ? undefined : step.state} aria-current={step.state === "active" ? "step" : undefined}>
          <span>
            <i className="step">{lang === "ko" ? `${index + 1}단계` : `Step ${index + 1}`}</i>
            <span className="step-tit">{step.label}</span>
          </span>
        </li>
      ))}
    </ol>
  );
}

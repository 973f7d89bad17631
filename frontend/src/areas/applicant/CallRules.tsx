import type { Call } from "../../api/types";
import { useI18n } from "../../i18n/I18nProvider";
import { Facts } from "../../ui/Facts";
import { Countdown } from "../../ui/Countdown";
import { useFormat } from "../../ui/useFormat";
import { key } from "../shared/labels";

/** The call's rules and dates in plain words: who may apply, how, with what, how it is scored and decided. */
export function CallRules({ call }: { call: Call }) {
  const { t, lang } = useI18n();
  const format = useFormat();
  const program = (call.program ?? {}) as Record<string, number>;
  const policy = call.policy as Record<string, unknown>;
  const title = lang === "en" && call.title_en ? call.title_en : call.title_ko;
  return (
    <div className="call-rules">
      <Facts
        items={[
          [t("call.period"), `${format.dateTime(call.opens_at)} – ${format.dateTime(call.closes_at)}`],
          [t("call.deadline"), <Countdown key="deadline" until={call.closes_at} />],
          [t("call.places"), t("call.placesValue", { places: call.places })],
          [t("call.grant"), t("call.grantValue", { amount: format.amount(program.grant_cap_krw ?? 80_000_000) })],
          [t("call.term"), t("call.termValue", { months: program.term_months ?? 9, extension: program.max_extension_months ?? 3 })],
        ]}
      />
      <details className="krds-disclosure call-details">
        <summary>{t("call.rulesSummary", { title })}</summary>
        <div className="call-details-body">
          <h4>{t("call.who")}</h4>
          <ul>
            <li>{t("call.who1")}</li>
            <li>{t("call.who2")}</li>
            <li>{t("call.who3")}</li>
          </ul>
          <h4>{t("call.how")}</h4>
          <ul>
            <li>{t("appKind.single")}</li>
            <li>{t("appKind.consortium")}</li>
            <li>{t("call.how3")}</li>
          </ul>
          <h4>{t("call.documents")}</h4>
          <p>{t("call.documentsText")}</p>
          <h4>{t("call.scoring")}</h4>
          <ul>
            {call.rubric.categories.map((category) => (
              <li key={category.id}>
                {(lang === "en" ? category.label_en : category.label_ko) ?? category.id}: {t("ui.points", { points: category.max })}
              </li>
            ))}
            <li>{t("call.bonus", { points: String(policy.bonus_points ?? 5) })}</li>
          </ul>
          <p>{t("call.selection", { passMark: String(policy.pass_mark ?? 70), places: call.places })}</p>
          <h4>{t("call.after")}</h4>
          <p>
            {t("call.afterText", {
              window: program.payment_window_days ?? 14,
              cap: format.amount(program.grant_cap_krw ?? 80_000_000),
              years: program.obligation_years ?? 5,
            })}
          </p>
          <p className="muted">{t(key("call.kstNote"))}</p>
        </div>
      </details>
    </div>
  );
}

import type { UseFormRegisterReturn } from "react-hook-form";
import { brnDigits, brnState } from "../../domain/brn";
import { TextInput } from "../../forms/fields";
import { useI18n } from "../../i18n/I18nProvider";

/** 사업자등록번호 with check-digit feedback as it is typed (a polite live status under the field). */
export function BrnInput({
  id,
  label,
  value,
  error,
  registration,
  readOnly,
  hint,
}: {
  id: string;
  label: string;
  value: string;
  error?: string;
  registration: UseFormRegisterReturn;
  readOnly?: boolean;
  hint?: string;
}) {
  const { t } = useI18n();
  const state = brnState(value ?? "");
  const status =
    state === "valid"
      ? t("brn.valid")
      : state === "incomplete"
        ? t("brn.typing", { count: brnDigits(value)?.length ?? 0 })
        : state === "malformed"
          ? t("v.brnMalformed")
          : state === "checkDigit"
            ? t("v.brnCheckDigit")
            : undefined;
  return (
    <TextInput
      id={id}
      label={label}
      hint={hint ?? t("brn.hint")}
      error={error}
      required
      inputMode="numeric"
      autoComplete="off"
      maxLength={12}
      readOnly={readOnly}
      status={error ? undefined : status && <span className={`brn-status brn-${state}`}>{status}</span>}
      registration={registration}
    />
  );
}

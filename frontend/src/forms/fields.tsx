// Labelled inputs bound to react-hook-form. Every input has a visible label, its hint and error linked with
// aria-describedby, aria-invalid when wrong, and an id the error summary links to (formId-name).
import { forwardRef, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";
import type { UseFormRegisterReturn } from "react-hook-form";
import { useI18n } from "../i18n/I18nProvider";
import { isMessageKey } from "../i18n/messages";

/** The element id of a form field (also the error summary's link target). */
export function fieldId(formId: string, name: string): string {
  return `${formId}-${name.replace(/[^\w-]/g, "-")}`;
}

/** An error message is a dictionary key (client checks) or the server's own text (already translated). */
export function useMessage(): (message: string | undefined) => string | undefined {
  const { t } = useI18n();
  return (message) => (message === undefined ? undefined : isMessageKey(message) ? t(message) : message);
}

interface ShellProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  required?: boolean;
  status?: ReactNode;
  children: (describedBy: string | undefined) => ReactNode;
  className?: string;
}

function Shell({ id, label, hint, error, required, status, children, className }: ShellProps) {
  const { t } = useI18n();
  const message = useMessage()(error);
  const describedBy = [hint ? `${id}-hint` : null, message ? `${id}-error` : null, status ? `${id}-status` : null]
    .filter(Boolean)
    .join(" ");
  return (
    <div className={`form-group ${className ?? ""}`}>
      <div className="form-tit">
        <label htmlFor={id}>
          {label}
          {required && <span className="required-mark"> ({t("form.requiredMark")})</span>}
        </label>
      </div>
      {hint && (
        <p id={`${id}-hint`} className="form-hint">
          {hint}
        </p>
      )}
      <div className={message ? "form-conts is-error" : "form-conts"}>{children(describedBy || undefined)}</div>
      {status && (
        <p id={`${id}-status`} className="form-hint field-status" aria-live="polite">
          {status}
        </p>
      )}
      {message && (
        <p id={`${id}-error`} className="form-hint-invalid" role="alert">
          {message}
        </p>
      )}
    </div>
  );
}

type Common = { id: string; label: ReactNode; hint?: ReactNode; error?: string; required?: boolean; status?: ReactNode };

export const TextInput = forwardRef<
  HTMLInputElement,
  Common & { registration?: UseFormRegisterReturn } & InputHTMLAttributes<HTMLInputElement>
>(function TextInput({ id, label, hint, error, required, status, registration, className, ...input }, ref) {
  return (
    <Shell id={id} label={label} hint={hint} error={error} required={required} status={status} className={className}>
      {(describedBy) => (
        <input
          id={id}
          className="krds-input"
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          aria-required={required || undefined}
          {...input}
          {...registration}
          ref={(element) => {
            registration?.ref(element);
            if (typeof ref === "function") ref(element);
            else if (ref) ref.current = element;
          }}
        />
      )}
    </Shell>
  );
});

export function TextArea({
  id,
  label,
  hint,
  error,
  required,
  registration,
  ...rest
}: Common & { registration: UseFormRegisterReturn } & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <Shell id={id} label={label} hint={hint} error={error} required={required}>
      {(describedBy) => (
        <textarea
          id={id}
          className="krds-input"
          rows={4}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          aria-required={required || undefined}
          {...rest}
          {...registration}
        />
      )}
    </Shell>
  );
}

export function SelectInput({
  id,
  label,
  hint,
  error,
  required,
  registration,
  options,
  placeholder,
  ...rest
}: Common & {
  registration: UseFormRegisterReturn;
  options: { value: string; label: string }[];
  placeholder?: string;
} & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <Shell id={id} label={label} hint={hint} error={error} required={required}>
      {(describedBy) => (
        <select
          id={id}
          className="krds-form-select"
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          aria-required={required || undefined}
          {...rest}
          {...registration}
        >
          {placeholder !== undefined && <option value="">{placeholder}</option>}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Shell>
  );
}

/** Radios or checkboxes in a fieldset whose legend is the question; the first input carries the field's id. */
export function ChoiceGroup({
  id,
  legend,
  hint,
  error,
  required,
  registration,
  options,
  type,
  inline = true,
}: {
  id: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string;
  required?: boolean;
  registration: UseFormRegisterReturn;
  options: { value: string; label: ReactNode; hint?: ReactNode }[];
  type: "radio" | "checkbox";
  inline?: boolean;
}) {
  const { t } = useI18n();
  const message = useMessage()(error);
  const describedBy = [hint ? `${id}-hint` : null, message ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <fieldset
      className={`form-group choice-group ${message ? "is-error" : ""}`}
      aria-describedby={describedBy}
      aria-invalid={message ? true : undefined}
    >
      <legend className="form-tit">
        {legend}
        {required && <span className="required-mark"> ({t("form.requiredMark")})</span>}
      </legend>
      {hint && (
        <p id={`${id}-hint`} className="form-hint">
          {hint}
        </p>
      )}
      <div className={`krds-check-area ${inline ? "" : "chk-column"}`}>
        {options.map((option, index) => {
          const optionId = index === 0 ? id : `${id}-${index}`;
          return (
            <div key={option.value} className="krds-form-check">
              <input type={type} id={optionId} value={option.value} {...registration} />
              <label htmlFor={optionId}>{option.label}</label>
              {option.hint && (
                <div className="krds-form-check-cnt">
                  <p className="krds-form-check-p">{option.hint}</p>
                </div>
              )}
            </div>
          );
        })}
      </div>
      {message && (
        <p id={`${id}-error`} className="form-hint-invalid" role="alert">
          {message}
        </p>
      )}
    </fieldset>
  );
}

/** One checkbox (a statement one agrees to or confirms). */
export function Checkbox({
  id,
  label,
  error,
  registration,
}: {
  id: string;
  label: ReactNode;
  error?: string;
  registration: UseFormRegisterReturn;
}) {
  const message = useMessage()(error);
  return (
    <div className={`form-group ${message ? "is-error" : ""}`}>
      <div className="krds-form-check">
        <input
          type="checkbox"
          id={id}
          aria-invalid={message ? true : undefined}
          aria-describedby={message ? `${id}-error` : undefined}
          {...registration}
        />
        <label htmlFor={id}>{label}</label>
      </div>
      {message && (
        <p id={`${id}-error`} className="form-hint-invalid" role="alert">
          {message}
        </p>
      )}
    </div>
  );
}

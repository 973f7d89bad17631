import { forwardRef, type InputHTMLAttributes } from "react";

type Props = InputHTMLAttributes<HTMLInputElement> & { id: string; label: string; error?: string };

/** A labelled KRDS input whose error is linked by aria-describedby and announced when it appears. */
export const TextField = forwardRef<HTMLInputElement, Props>(function TextField({ id, label, error, ...input }, ref) {
  const errorId = `${id}-error`;
  return (
    <div className="form-group">
      <div className="form-tit">
        <label htmlFor={id}>{label}</label>
      </div>
      <div className={error ? "form-conts is-error" : "form-conts"}>
        <input
          ref={ref}
          id={id}
          className="krds-input"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          {...input}
        />
      </div>
      {error && (
        <p id={errorId} className="form-hint-invalid" role="alert">
          {error}
        </p>
      )}
    </div>
  );
});

import { useRef, type CompositionEvent, type FormEvent, type FormHTMLAttributes, type KeyboardEvent } from "react";
import { isImeEnter } from "./imeGuard";

interface ImeSafeHandlers {
  onCompositionStart: (event: CompositionEvent<HTMLFormElement>) => void;
  onCompositionEnd: (event: CompositionEvent<HTMLFormElement>) => void;
  onKeyDown: (event: KeyboardEvent<HTMLFormElement>) => void;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
}

/**
 * Form handlers that never submit while an IME composition is in progress: the Enter that commits
 * a Hangul syllable is cancelled, and a submit that arrives mid-composition is ignored.
 */
export function useImeSafeSubmit(submit: () => void): ImeSafeHandlers {
  const composing = useRef(false);
  return {
    onCompositionStart: () => {
      composing.current = true;
    },
    onCompositionEnd: () => {
      composing.current = false;
    },
    onKeyDown: (event) => {
      if (isImeEnter(event.nativeEvent, composing.current)) event.preventDefault();
    },
    onSubmit: (event) => {
      event.preventDefault();
      if (!composing.current) submit();
    },
  };
}

type FormProps = Omit<FormHTMLAttributes<HTMLFormElement>, "onSubmit"> & { onValidSubmit: () => void };

/** A <form> with the IME guard; every form in the app uses it. Validation is ours, not the browser's. */
export function ImeSafeForm({ onValidSubmit, children, ...rest }: FormProps) {
  const handlers = useImeSafeSubmit(onValidSubmit);
  return (
    <form noValidate {...rest} {...handlers}>
      {children}
    </form>
  );
}

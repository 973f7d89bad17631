// Korean (and other IME) input: the Enter that commits a composition must not submit the form.
// Chrome and Safari disagree on event order, so we look at both the event flag and the legacy 229
// key code, and also remember compositionstart/compositionend ourselves.

export interface KeyLike {
  key: string;
  isComposing?: boolean;
  keyCode?: number;
}

const IME_PROCESS_KEY = 229;

/** True when this keydown belongs to an IME composition rather than a plain key press. */
export function isComposingKey(event: KeyLike): boolean {
  return event.isComposing === true || event.keyCode === IME_PROCESS_KEY;
}

/** True when this keydown is an Enter that must not submit (it commits an IME composition). */
export function isImeEnter(event: KeyLike, composing: boolean): boolean {
  return (event.key === "Enter" || event.keyCode === IME_PROCESS_KEY) && (composing || isComposingKey(event));
}

// The ARIA attributes of a form control with an error: aria-invalid and the id of the message describing it.

/** `aria-invalid="true"` and `aria-describedby` when the control has an error (its message's id), else nothing. */
export function invalidAttrs(errorId: string | false | null | undefined): { 'aria-invalid'?: 'true'; 'aria-describedby'?: string } {
  return errorId ? { 'aria-invalid': 'true', 'aria-describedby': errorId } : {};
}

// Contact details as residents use them: a phone number written for reading becomes one a phone can dial.

/** "0471-6944127（工作日）" → "tel:04716944127": a phone dials digits (and a leading +) only. */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, "")}`;
}

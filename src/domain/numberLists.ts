/**
 * Splits what a person typed in a free-text box into entries. Commas, semicolons and new lines
 * separate numbers; spaces do not, because people write `+1 312 922 4122`.
 */
export function splitNumberList(text: string): string[] {
  return text
    .split(/[,;\n\r]+/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/**
 * The same key for one number however it was written (`(312) 922-4122`, `+1 312 922 4122`), to
 * count the people a form reaches while the organizer types. Light on purpose: the side panel runs
 * it on each keystroke without the phone-number library, and nothing is sent on it: the send
 * checks every number with `normalizeUsNumber`.
 */
export function sameNumberKey(entry: string): string {
  return entry.replace(/\D/g, '').replace(/^1(?=\d{10}$)/, '');
}

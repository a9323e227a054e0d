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

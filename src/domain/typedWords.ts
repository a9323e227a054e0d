/** A word as a person may type it, keyed the one way: lower case, accents left out (`Números` is `numeros`). */
export function foldedWord(word: string): string {
  return word.trim().toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
}

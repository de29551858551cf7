/**
 * The C0 control characters and DEL (U+0000–U+001F, U+007F): what a terminal
 * would act on, what a file name or a certificate field must not hold. Tested
 * by code point rather than a regex class, so no pattern spells them out.
 */
export const isControlCharacter = (char: string): boolean => {
  const code = char.charCodeAt(0);
  return code < 0x20 || code === 0x7f;
};

export const hasControlCharacter = (text: string): boolean => [...text].some(isControlCharacter);

/** `text` with every control character not in `keep` replaced by `replacement`. */
export function replaceControlCharacters(text: string, replacement: string, keep = ''): string {
  let out = '';
  for (const char of text) out += isControlCharacter(char) && !keep.includes(char) ? replacement : char;
  return out;
}

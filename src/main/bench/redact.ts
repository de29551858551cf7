const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?(?:-----END \1-----|$)/g;

/**
 * The text with every PEM block (a key, a certificate) replaced by its label. Events carry no
 * key or certificate; this keeps one from leaking through an error message that quotes a value.
 */
export function withoutPem(text: string): string {
  return text.replace(PEM_BLOCK, (_, label: string) => `[${label.toLowerCase()} removed]`);
}

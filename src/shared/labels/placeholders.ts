/**
 * Field templates: "S/N {serial}", with "{{" and "}}" for literal braces. A
 * name is letters, digits and _ (the fields, and the constants of a template or job).
 */
export type TemplatePart = { text: string } | { name: string; index: number };

export class PlaceholderSyntaxError extends Error {
  override readonly name = 'PlaceholderSyntaxError';
  constructor(
    message: string,
    /** Where in the text (0-based character index). */
    readonly index: number,
  ) {
    super(message);
  }
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function parsePlaceholders(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let text = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if ((c === '{' || c === '}') && template[i + 1] === c) {
      text += c;
      i++;
      continue;
    }
    if (c === '}') throw new PlaceholderSyntaxError('a "}" without its "{" (write "}}" for a brace)', i);
    if (c !== '{') {
      text += c;
      continue;
    }
    const end = template.indexOf('}', i);
    if (end < 0) throw new PlaceholderSyntaxError('a "{" that is never closed (write "{{" for a brace)', i);
    const name = template.slice(i + 1, end);
    if (!NAME.test(name)) throw new PlaceholderSyntaxError(`"{${name}}" is not a placeholder: a name is letters, digits and _`, i);
    if (text) parts.push({ text });
    text = '';
    parts.push({ name, index: i });
    i = end;
  }
  if (text) parts.push({ text });
  return parts;
}

/** The template with every placeholder replaced; the caller has checked that every name has a value. */
export function fillPlaceholders(template: string, values: Readonly<Record<string, string>>): string {
  return parsePlaceholders(template)
    .map((part) => ('text' in part ? part.text : (values[part.name] ?? '')))
    .join('');
}

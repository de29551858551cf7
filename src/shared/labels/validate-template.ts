import { FIELD_NAMES } from './fields.js';
import { parsePlaceholders, PlaceholderSyntaxError } from './placeholders.js';
import { zodProblems } from './zod-problems.js';
import { ELEMENT_SCHEMAS, templateHeadSchema, type ElementType, type LabelElement, type LabelTemplate } from './template-schema.js';

export type JsonPath = readonly (string | number)[];

/** One thing wrong with a template: where (JSON path, and in a string the character) and what. */
export interface TemplateProblem {
  path: JsonPath;
  charIndex?: number;
  message: string;
}

export interface ValidateOptions {
  /** Constants the caller brings (a job's): placeholders may name them too. */
  constants?: Readonly<Record<string, string>>;
}

/** `elements[2].size`, as a person reads a JSON path. */
export const formatJsonPath = (path: JsonPath): string =>
  path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${key}` : key), '') || '(the whole file)';

const TEMPLATED: Record<ElementType, string> = { text: 'text', qr: 'payload', code128: 'data', datamatrix: 'data' };

function checkPlaceholders(text: string, path: JsonPath, known: ReadonlySet<string>): TemplateProblem[] {
  try {
    return parsePlaceholders(text).flatMap((part) =>
      'name' in part && !known.has(part.name)
        ? [{ path, charIndex: part.index, message: `unknown placeholder {${part.name}}: the fields are ${FIELD_NAMES.map((n) => `{${n}}`).join(', ')}, or a constant of the template or the job` }]
        : [],
    );
  } catch (error) {
    if (error instanceof PlaceholderSyntaxError) return [{ path, charIndex: error.index, message: error.message }];
    throw error;
  }
}

function checkElement(raw: unknown, index: number, size: { width: number; height: number } | undefined, known: ReadonlySet<string>): { element?: LabelElement; problems: TemplateProblem[] } {
  const path = ['elements', index];
  const type = raw !== null && typeof raw === 'object' ? (raw as { type?: unknown }).type : undefined;
  if (typeof type !== 'string' || !Object.hasOwn(ELEMENT_SCHEMAS, type)) {
    const message = type === undefined ? 'an element needs a "type"' : `${JSON.stringify(type)} is not an element type`;
    return { problems: [{ path: type === undefined ? path : [...path, 'type'], message: `${message}: the types are ${Object.keys(ELEMENT_SCHEMAS).join(', ')}` }] };
  }
  const parsed = ELEMENT_SCHEMAS[type as ElementType].safeParse(raw);
  if (!parsed.success) return { problems: zodProblems(parsed.error, path) };
  const element = parsed.data as LabelElement;
  const problems = checkPlaceholders((element as unknown as Record<string, string>)[TEMPLATED[element.type]]!, [...path, TEMPLATED[element.type]], known);
  if (size && element.x >= size.width) problems.push({ path: [...path, 'x'], message: `x ${element.x} mm is off the label (${size.width} mm wide)` });
  if (size && element.y >= size.height) problems.push({ path: [...path, 'y'], message: `y ${element.y} mm is off the label (${size.height} mm high)` });
  return { element, problems };
}

/** Checks a template's JSON value; every problem at once. */
export function validateTemplate(value: unknown, options: ValidateOptions = {}): { template?: LabelTemplate; problems: TemplateProblem[] } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { problems: [{ path: [], message: 'a label template is a JSON object' }] };
  const head = templateHeadSchema.safeParse(value);
  const problems = head.success ? [] : zodProblems(head.error, []);
  const rawElements = (value as { elements?: unknown }).elements;
  const constants = head.success ? head.data.constants : {};
  const size = templateHeadSchema.shape.size.safeParse((value as { size?: unknown }).size);
  const known = new Set<string>([...FIELD_NAMES, ...Object.keys(constants), ...Object.keys(options.constants ?? {})]);
  const elements: LabelElement[] = [];
  if (Array.isArray(rawElements)) {
    rawElements.forEach((raw, index) => {
      const checked = checkElement(raw, index, size.success ? size.data : undefined, known);
      problems.push(...checked.problems);
      if (checked.element) elements.push(checked.element);
    });
  }
  if (!head.success || problems.length > 0) return { problems };
  return { template: { ...head.data, elements }, problems };
}

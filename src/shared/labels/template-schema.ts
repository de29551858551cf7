import { z } from 'zod';
import { DPIS } from './units.js';

/** Names of constants, as in job.json: {NAME} in a label's texts and payloads. */
export const CONSTANT_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

const mm = (what: string) => z.number().min(0, { error: `${what} is at least 0 mm` }).max(1000, { error: `${what} is at most 1000 mm` });
const length = (what: string) => z.number().positive({ error: `${what} must be more than 0 mm` }).max(1000, { error: `${what} is at most 1000 mm` });
const fieldTemplate = (what: string) => z.string().min(1, { error: `${what} is empty` });

const position = { x: mm('x').describe('from the left edge, mm'), y: mm('y').describe('from the top edge, mm') };

export const textElementSchema = z.strictObject({
  type: z.literal('text'),
  ...position,
  height: length('height').describe('character height, mm'),
  text: fieldTemplate('text').describe('the text, with placeholders such as {serial}'),
});

export const qrElementSchema = z.strictObject({
  type: z.literal('qr'),
  ...position,
  size: length('size').describe('the largest side it may take, mm; modules are whole printer dots, so it may come out a little smaller'),
  payload: fieldTemplate('payload').describe('what the code holds, e.g. "https://acme.example/d/{serial}"'),
  errorCorrection: z.enum(['L', 'M', 'Q', 'H'], { error: 'errorCorrection is one of "L", "M", "Q", "H"' }).default('Q'),
});

export const code128ElementSchema = z.strictObject({
  type: z.literal('code128'),
  ...position,
  width: length('width').describe('the widest it may be, mm'),
  height: length('height').describe('bar height, mm'),
  data: fieldTemplate('data').describe('what it holds (printable ASCII), e.g. "{serial}"'),
});

export const dataMatrixElementSchema = z.strictObject({
  type: z.literal('datamatrix'),
  ...position,
  size: length('size').describe('the largest side it may take, mm'),
  data: fieldTemplate('data'),
});

export const ELEMENT_SCHEMAS = {
  text: textElementSchema,
  qr: qrElementSchema,
  code128: code128ElementSchema,
  datamatrix: dataMatrixElementSchema,
} as const;

export type ElementType = keyof typeof ELEMENT_SCHEMAS;
export type TextElement = z.output<typeof textElementSchema>;
export type QrElement = z.output<typeof qrElementSchema>;
export type Code128Element = z.output<typeof code128ElementSchema>;
export type DataMatrixElement = z.output<typeof dataMatrixElementSchema>;
export type LabelElement = TextElement | QrElement | Code128Element | DataMatrixElement;

/** The template without its elements, which are checked one by one by their type. */
export const templateHeadSchema = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().optional(),
  description: z.string().optional(),
  size: z.strictObject({ width: length('width'), height: length('height') }).describe('the label, mm'),
  dpi: z.literal(DPIS, { error: `dpi is one of ${DPIS.join(', ')}` }).describe('the printer\'s resolution; a printer configured with another lays the label out at its own'),
  constants: z
    .record(z.string().regex(CONSTANT_NAME_PATTERN, { error: 'a constant name is letters, digits and _' }), z.string())
    .default({})
    .describe('values for {NAME}; a job\'s constants of the same name take their place'),
  elements: z.array(z.unknown()).min(1, { error: 'a label needs at least one element' }),
});

export type LabelTemplate = Omit<z.output<typeof templateHeadSchema>, 'elements'> & { elements: LabelElement[] };

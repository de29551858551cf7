import { concat, oid, sequence, stringOf, tlv, TAG } from './der.js';
import { IdentityError } from './identity-error.js';
import { hasControlCharacter, replaceControlCharacters } from '../../shared/text/control-characters.js';

interface AttributeKind {
  oid: string;
  /** How the value is encoded (RFC 5280 appendix A: PrintableString where X.520 demands it, IA5 for DC and email). */
  tag: number;
  /** X.520 upper bound, in characters. */
  max?: number;
}

const UTF8 = TAG.utf8String;
const KINDS: Record<string, AttributeKind> = {
  CN: { oid: '2.5.4.3', tag: UTF8, max: 64 },
  SERIALNUMBER: { oid: '2.5.4.5', tag: TAG.printableString, max: 64 },
  C: { oid: '2.5.4.6', tag: TAG.printableString },
  L: { oid: '2.5.4.7', tag: UTF8, max: 128 },
  ST: { oid: '2.5.4.8', tag: UTF8, max: 128 },
  STREET: { oid: '2.5.4.9', tag: UTF8, max: 128 },
  O: { oid: '2.5.4.10', tag: UTF8, max: 64 },
  OU: { oid: '2.5.4.11', tag: UTF8, max: 64 },
  TITLE: { oid: '2.5.4.12', tag: UTF8, max: 64 },
  UID: { oid: '0.9.2342.19200300.100.1.1', tag: UTF8 },
  DC: { oid: '0.9.2342.19200300.100.1.25', tag: TAG.ia5String },
  EMAILADDRESS: { oid: '1.2.840.113549.1.9.1', tag: TAG.ia5String, max: 255 },
  E: { oid: '1.2.840.113549.1.9.1', tag: TAG.ia5String, max: 255 },
};

/** One TYPE=value of a distinguished name; `value` is unescaped, `columns[i]` is where its i-th character stands in the text. */
export interface NameAttribute {
  type: string;
  kind: AttributeKind;
  value: string;
  columns: number[];
  /** Attributes joined by "+" share an RDN. */
  rdn: number;
}

const fail = (text: string, problem: string, column: number, hint?: string): IdentityError =>
  new IdentityError(`subject "${text}": ${problem} at column ${column}`, { column, hint });

function kindOf(text: string, type: string, column: number): AttributeKind {
  if (/^\d+(\.\d+)+$/.test(type)) return { oid: type, tag: UTF8 };
  const upper = type.toUpperCase();
  if (upper === 'SN') throw fail(text, 'SN is ambiguous', column, 'write serialNumber= for the serial-number attribute (2.5.4.5) or 2.5.4.4= for a surname');
  const kind = KINDS[upper];
  if (!kind) throw fail(text, `unknown attribute type "${type}"`, column, `use one of CN, O, OU, C, L, ST, STREET, serialNumber, title, UID, DC, emailAddress, or a dotted OID`);
  return kind;
}

/**
 * Reads "CN=Device {serial}, O=ACME" (RFC 4514 string form, written in the
 * order it is encoded, as OpenSSL's -subj and @peculiar/x509 do). A special
 * character in a value is escaped with a backslash: \, \+ \\ .
 */
export function parseDistinguishedName(text: string): NameAttribute[] {
  const attributes: NameAttribute[] = [];
  let rdn = 0;
  let at = 0;
  while (at <= text.length) {
    const equals = text.indexOf('=', at);
    const typeColumn = at + 1 + (text.slice(at).length - text.slice(at).trimStart().length);
    if (equals < 0) throw fail(text, 'expected TYPE=value', typeColumn, 'separate attributes with commas: CN={serial}, O=ACME');
    const type = text.slice(at, equals).trim();
    if (type === '' || /[,+\\]/.test(type)) throw fail(text, 'expected TYPE=value', typeColumn, 'separate attributes with commas: CN={serial}, O=ACME');
    const kind = kindOf(text, type, typeColumn);
    const chars: string[] = [];
    const columns: number[] = [];
    const escaped: boolean[] = [];
    let i = equals + 1;
    for (; i < text.length && text[i] !== ',' && text[i] !== '+'; i++) {
      if (text[i] === '\\') {
        const next = text[i + 1];
        if (next === undefined) throw fail(text, 'a backslash ends the text', i + 1);
        if (/[0-9a-fA-F]/.test(next)) throw fail(text, 'hex escapes (\\2C) are not supported', i + 1, 'write the character itself; escape , + and \\ with a backslash');
        i++;
        escaped.push(true);
      } else {
        escaped.push(false);
      }
      chars.push(text[i]!);
      columns.push(i + 1);
    }
    // Spaces around a value are not part of it, unless escaped.
    let first = 0;
    let last = chars.length;
    while (first < last && chars[first] === ' ' && !escaped[first]) first++;
    while (last > first && chars[last - 1] === ' ' && !escaped[last - 1]) last--;
    if (first === last) throw fail(text, `${type} has an empty value`, equals + 1);
    attributes.push({ type, kind, value: chars.slice(first, last).join(''), columns: columns.slice(first, last), rdn });
    if (text[i] === ',') rdn++;
    at = i + 1;
  }
  return attributes;
}

const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

/** Why `value` cannot be this attribute's value, if it cannot. */
export function valueProblem(attribute: Pick<NameAttribute, 'type' | 'kind'>, value: string): string | undefined {
  const { kind, type } = attribute;
  if (value.length === 0) return `${type} would be empty`;
  if (kind.max !== undefined && [...value].length > kind.max) return `${type} "${value}" is longer than ${kind.max} characters`;
  if (kind.tag === TAG.printableString && !PRINTABLE.test(value)) return `${type} "${value}" has characters a PrintableString cannot hold (letters, digits, space and '()+,-./:=? only)`;
  if (kind.tag === TAG.ia5String && !/^[\x20-\x7e]*$/.test(value)) return `${type} "${value}" must be ASCII`;
  if (kind.oid === '2.5.4.6' && !/^[A-Z]{2}$/.test(value)) return `C "${value}" must be a two-letter country code (ISO 3166), e.g. DE`;
  if (hasControlCharacter(value)) return `${type} "${replaceControlCharacters(value, '?')}" has control characters`;
  return undefined;
}

const compareBytes = (a: Uint8Array, b: Uint8Array): number => {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
};

const oidCache = new Map<string, Uint8Array>();
const encodedOid = (dotted: string): Uint8Array => oidCache.get(dotted) ?? oidCache.set(dotted, oid(dotted)).get(dotted)!;

/** The Name DER of attributes whose values are final (checked with valueProblem). */
export function encodeName(attributes: readonly { kind: AttributeKind; value: string; rdn: number }[]): Uint8Array {
  const rdns: Uint8Array[][] = [];
  for (const a of attributes) (rdns[a.rdn] ??= []).push(sequence(encodedOid(a.kind.oid), stringOf(a.kind.tag, a.value)));
  // DER: the members of a SET OF are sorted by their encodings.
  return sequence(...rdns.map((members) => tlv(TAG.set, concat(members.sort(compareBytes)))));
}

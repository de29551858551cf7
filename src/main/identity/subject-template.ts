import { encodeName, parseDistinguishedName, valueProblem, type NameAttribute } from './distinguished-name.js';
import { encodeGeneralNames, generalNameProblem, generalNameType, type GeneralNameType } from './general-names.js';
import { IdentityError } from './identity-error.js';

/** The placeholders every template may use; a job's constants add their own names. */
export const BUILTIN_PLACEHOLDERS = ['serial', 'mac', 'mac_hex', 'job'] as const;

export interface TemplateSpec {
  /** e.g. "CN={serial}, O=ACME" */
  subject: string;
  /** e.g. ["DNS:{serial}.devices.acme.example", "URI:urn:acme:{mac}"] */
  san?: readonly string[];
  constants?: Readonly<Record<string, string>>;
}

/** A device's values by placeholder name; a value the templates use must be present. */
export type TemplateValues = Readonly<Record<string, string | undefined>>;

export interface CertificateTemplate {
  /** The placeholders the templates use. */
  used: ReadonlySet<string>;
  /** The subject Name and the subjectAltName GeneralNames (undefined without SAN entries) as DER; throws IdentityError. */
  render(values: TemplateValues): { subject: Uint8Array; san: Uint8Array | undefined; subjectText: string };
}

type Part = string | { placeholder: string };

interface Located {
  where: string;
  text: string;
}

function split(value: string, columns: readonly number[], at: Located, allowed: ReadonlySet<string>): Part[] {
  const parts: Part[] = [];
  const fail = (problem: string, index: number, hint?: string): IdentityError => {
    const column = columns[index]!;
    return new IdentityError(`${at.where} "${at.text}": ${problem} at column ${column}`, { column, hint });
  };
  const names = `{${[...allowed].join('}, {')}}`;
  let literal = '';
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '}') throw fail('a "}" without its "{"', i, `placeholders are written {serial}; the known ones are ${names}`);
    if (value[i] !== '{') {
      literal += value[i];
      continue;
    }
    const close = value.indexOf('}', i);
    if (close < 0) throw fail('a "{" that is never closed', i, `placeholders are written {serial}; the known ones are ${names}`);
    const name = value.slice(i + 1, close);
    if (!allowed.has(name)) throw fail(`unknown placeholder {${name}}`, i, `the known placeholders are ${names}; add a constant to use another name`);
    if (literal) parts.push(literal);
    literal = '';
    parts.push({ placeholder: name });
    i = close;
  }
  if (literal) parts.push(literal);
  return parts;
}

function fill(parts: readonly Part[], values: TemplateValues): string {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    const value = values[part.placeholder];
    if (value === undefined) throw new IdentityError(`the certificate template uses {${part.placeholder}} but it has no value`, { hint: part.placeholder === 'job' ? 'give the job name when issuing' : undefined });
    out += value;
  }
  return out;
}

/** Checks the templates up front, so that a bad placeholder stops the job before its first device. */
export function compileTemplate(spec: TemplateSpec): CertificateTemplate {
  const constants = spec.constants ?? {};
  for (const name of Object.keys(constants)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new IdentityError(`constant name "${name}" is not a placeholder name`, { hint: 'use letters, digits and underscores, e.g. product_line' });
    if ((BUILTIN_PLACEHOLDERS as readonly string[]).includes(name)) throw new IdentityError(`constant "${name}" has the name of a built-in placeholder`, { hint: `choose a name other than ${BUILTIN_PLACEHOLDERS.join(', ')}` });
  }
  const allowed = new Set<string>([...BUILTIN_PLACEHOLDERS, ...Object.keys(constants)]);
  const used = new Set<string>();
  const note = (parts: Part[]): Part[] => {
    for (const part of parts) if (typeof part !== 'string') used.add(part.placeholder);
    return parts;
  };

  const subject = parseDistinguishedName(spec.subject).map((attribute) => ({
    attribute,
    parts: note(split(attribute.value, attribute.columns, { where: 'subject', text: spec.subject }, allowed)),
  }));
  const san = (spec.san ?? []).map((entry, index) => {
    const where = `san entry ${index + 1}`;
    const kind = generalNameType(entry);
    if (!kind) throw new IdentityError(`${where} "${entry}" does not start with DNS:, URI: or email:`, { column: 1, hint: 'write e.g. DNS:{serial}.devices.example.com or URI:urn:example:{mac}' });
    const value = entry.slice(kind.valueStart);
    const columns = Array.from(value, (_, i) => kind.valueStart + i + 1);
    return { where, entry, type: kind.type, parts: note(split(value, columns, { where, text: entry }, allowed)) };
  });

  return {
    used,
    render(values) {
      const all = { ...constants, ...values };
      const attributes = subject.map(({ attribute, parts }): Pick<NameAttribute, 'type' | 'kind' | 'value' | 'rdn'> => {
        const value = fill(parts, all);
        const problem = valueProblem(attribute, value);
        if (problem) throw new IdentityError(`subject: ${problem}`, { hint: `the subject template is "${spec.subject}"` });
        return { type: attribute.type, kind: attribute.kind, value, rdn: attribute.rdn };
      });
      const names = san.map(({ where, entry, type, parts }): { type: GeneralNameType; value: string } => {
        const name = { type, value: fill(parts, all) };
        const problem = generalNameProblem(name);
        if (problem) throw new IdentityError(`${where}: ${problem}`, { hint: `the entry is "${entry}"` });
        return name;
      });
      return { subject: encodeName(attributes), san: names.length > 0 ? encodeGeneralNames(names) : undefined, subjectText: nameText(attributes) };
    },
  };
}

/** A name as RFC 4514 text, in the template's order: "CN=SN1, O=ACME\\, Inc." (attributes of one RDN joined by "+"). */
function nameText(attributes: readonly Pick<NameAttribute, 'type' | 'value' | 'rdn'>[]): string {
  return attributes.map((a, i) => `${i === 0 ? '' : attributes[i - 1]!.rdn === a.rdn ? '+' : ', '}${a.type.toUpperCase()}=${escapeValue(a.value)}`).join('');
}

/** RFC 4514, 2.4: the special characters anywhere, a leading space or #, a trailing space. */
function escapeValue(value: string): string {
  return value.replace(/[,+"\\<>;]|^[ #]| $/g, '\\$&');
}

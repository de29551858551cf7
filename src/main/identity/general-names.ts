import { sequence, stringOf } from './der.js';

/** The subjectAltName kinds a device certificate may carry, with their GeneralName context tags (IA5String, implicit). */
const TAGS = { DNS: 0x82, URI: 0x86, email: 0x81 } as const;
export type GeneralNameType = keyof typeof TAGS;

export interface GeneralName {
  type: GeneralNameType;
  value: string;
}

/** "DNS:x", "URI:x", "email:x" (type case-insensitive): the type and where its value starts, or undefined. */
export function generalNameType(entry: string): { type: GeneralNameType; valueStart: number } | undefined {
  const colon = entry.indexOf(':');
  const prefix = entry.slice(0, colon).trim().toUpperCase();
  const type = (Object.keys(TAGS) as GeneralNameType[]).find((t) => t.toUpperCase() === prefix);
  return colon > 0 && type ? { type, valueStart: colon + 1 } : undefined;
}

const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const DNS = new RegExp(`^(?:\\*\\.)?${LABEL}(?:\\.${LABEL})*$`);

/** Why `value` cannot be a name of this type, if it cannot. */
export function generalNameProblem({ type, value }: GeneralName): string | undefined {
  if (!/^[\x21-\x7e]+$/.test(value)) return `${type} name "${value}" must be ASCII without spaces`;
  if (type === 'DNS' && (value.length > 253 || !DNS.test(value))) return `"${value}" is not a DNS name (letters, digits and hyphens in dot-separated labels)`;
  if (type === 'URI' && !/^[A-Za-z][A-Za-z0-9+.-]*:./.test(value)) return `"${value}" is not a URI (it needs a scheme, as in urn:acme:… or https://…)`;
  if (type === 'email' && !/^[^@]+@[^@]+$/.test(value)) return `"${value}" is not an email address`;
  return undefined;
}

/** GeneralNames DER, the value of a subjectAltName extension. */
export const encodeGeneralNames = (names: readonly GeneralName[]): Uint8Array => sequence(...names.map((n) => stringOf(TAGS[n.type], n.value)));

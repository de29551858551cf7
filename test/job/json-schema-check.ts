// A small JSON Schema (draft 2020-12) checker for the keywords resources/job.schema.json uses, so that
// the test can hold the schema file and zod to the same verdicts without another dependency.
type Schema = Record<string, unknown>;

const typeOf = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'number' && Number.isInteger(value) ? 'integer' : typeof value;

const KNOWN = new Set([
  '$schema', '$id', 'title', 'description', 'default', 'type', 'properties', 'required', 'additionalProperties', 'propertyNames',
  'enum', 'const', 'pattern', 'minLength', 'minimum', 'maximum', 'exclusiveMinimum', 'minItems', 'items', 'anyOf', 'oneOf',
]);

/** The paths at which `value` breaks `schema`; empty when it conforms. Throws on a keyword it does not know. */
export function jsonSchemaErrors(schema: Schema, value: unknown, path = '$'): string[] {
  for (const key of Object.keys(schema)) if (!KNOWN.has(key)) throw new Error(`json-schema-check does not know the keyword ${key} (at ${path})`);
  const errors: string[] = [];
  const fail = (why: string): void => void errors.push(`${path}: ${why}`);
  const type = schema['type'] as string | undefined;
  const actual = typeOf(value);
  if (type && !(type === actual || (type === 'number' && actual === 'integer'))) return [`${path}: expected ${type}, got ${actual}`];
  if ('const' in schema && value !== schema['const']) fail(`expected ${JSON.stringify(schema['const'])}`);
  if (Array.isArray(schema['enum']) && !schema['enum'].includes(value)) fail('not one of the enum values');
  if (typeof value === 'string') {
    if (typeof schema['pattern'] === 'string' && !new RegExp(schema['pattern'], 'u').test(value)) fail(`does not match ${schema['pattern']}`);
    if (typeof schema['minLength'] === 'number' && [...value].length < schema['minLength']) fail('too short');
  }
  if (typeof value === 'number') {
    if (typeof schema['minimum'] === 'number' && value < schema['minimum']) fail('below the minimum');
    if (typeof schema['maximum'] === 'number' && value > schema['maximum']) fail('above the maximum');
    if (typeof schema['exclusiveMinimum'] === 'number' && value <= schema['exclusiveMinimum']) fail('not above the exclusive minimum');
  }
  if (Array.isArray(value)) {
    if (typeof schema['minItems'] === 'number' && value.length < schema['minItems']) fail('too few items');
    if (schema['items']) value.forEach((item, i) => errors.push(...jsonSchemaErrors(schema['items'] as Schema, item, `${path}[${i}]`)));
  }
  if (actual === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (schema['properties'] ?? {}) as Record<string, Schema>;
    for (const name of (schema['required'] ?? []) as string[]) if (!(name in object)) fail(`missing ${name}`);
    for (const [name, item] of Object.entries(object)) {
      const at = `${path}.${name}`;
      if (schema['propertyNames']) errors.push(...jsonSchemaErrors(schema['propertyNames'] as Schema, name, `${at} (name)`));
      if (name in properties) errors.push(...jsonSchemaErrors(properties[name]!, item, at));
      else if (schema['additionalProperties'] === false) fail(`unknown property ${name}`);
      else if (typeof schema['additionalProperties'] === 'object') errors.push(...jsonSchemaErrors(schema['additionalProperties'] as Schema, item, at));
    }
  }
  for (const [keyword, wanted] of [['anyOf', (n: number) => n >= 1], ['oneOf', (n: number) => n === 1]] as const) {
    const options = schema[keyword] as Schema[] | undefined;
    if (!options) continue;
    const passing = options.filter((option) => jsonSchemaErrors(option, value, path).length === 0).length;
    if (!wanted(passing)) fail(`${passing} of the ${keyword} options match`);
  }
  return errors;
}

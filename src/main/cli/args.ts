import { UsageError } from './errors.js';

/**
 * A small argparse-compatible parser, so that our commands accept exactly the
 * command lines of Espressif's tools: options before, between or after the
 * positionals, `--opt=value`, unambiguous prefixes of long options, options
 * that take several values, and `input [input ...] output size` positionals.
 */
export interface OptionSpec {
  /** The long name, e.g. "--outdir" (underscores kept, as the reference spells them). */
  name: string;
  short?: string;
  /** How many values follow the option: 0 for a flag; 1 when not given. */
  values?: number;
  choices?: readonly string[];
  metavar?: string;
  help: string;
}

export interface PositionalSpec {
  name: string;
  /** "+" takes one or more, leaving enough for the positionals after it. */
  nargs?: 1 | '+';
  help: string;
}

export interface CommandSpec {
  /** The command's words, e.g. "nvs generate". */
  command: string;
  description: string;
  positionals: readonly PositionalSpec[];
  options: readonly OptionSpec[];
  epilog?: string;
}

export interface ParsedArgs {
  positionals: Record<string, string[]>;
  /** Flags are true when given; value options hold their values (several when given twice or with values > 1). */
  options: Record<string, string[] | true | undefined>;
}

const keyOf = (option: OptionSpec): string => option.name.replace(/^-+/, '');

export function formatHelp(spec: CommandSpec): string {
  const optionUsage = spec.options.map((o) => {
    const arity = o.values ?? 1;
    const meta = o.choices ? `{${o.choices.join(',')}}` : (o.metavar ?? keyOf(o).toUpperCase());
    return `[${o.short ?? o.name}${arity === 0 ? '' : ` ${Array(arity).fill(meta).join(' ')}`}]`;
  });
  const positionalUsage = spec.positionals.map((p) => (p.nargs === '+' ? `${p.name} [${p.name} ...]` : p.name));
  const rows: [string, string][] = [
    ...spec.positionals.map((p): [string, string] => [p.name, p.help]),
    ['-h, --help', 'show this help and exit'],
    ...spec.options.map((o): [string, string] => {
      const arity = o.values ?? 1;
      const meta = o.choices ? `{${o.choices.join(',')}}` : (o.metavar ?? keyOf(o).toUpperCase());
      const names = o.short ? `${o.short}, ${o.name}` : o.name;
      return [`${names}${arity === 0 ? '' : ` ${Array(arity).fill(meta).join(' ')}`}`, o.help];
    }),
  ];
  const width = Math.min(Math.max(...rows.map(([left]) => left.length)), 34);
  const body = rows.map(([left, right]) => (left.length > width ? `  ${left}\n  ${''.padEnd(width)}  ${right}` : `  ${left.padEnd(width)}  ${right}`));
  return [
    `usage: factory-bench ${spec.command} ${[...optionUsage, ...positionalUsage].join(' ')}`,
    '',
    spec.description,
    '',
    ...body,
    ...(spec.epilog ? ['', spec.epilog] : []),
    '',
  ].join('\n');
}

function findOption(spec: CommandSpec, word: string): OptionSpec {
  const exact = spec.options.find((o) => o.name === word || o.short === word);
  if (exact) return exact;
  if (word.startsWith('--')) {
    const candidates = spec.options.filter((o) => o.name.startsWith(word));
    if (candidates.length === 1) return candidates[0]!;
    if (candidates.length > 1) throw new UsageError(`ambiguous option ${word}: could be ${candidates.map((o) => o.name).join(', ')}`);
  }
  throw new UsageError(`unrecognized option ${word} (see factory-bench ${spec.command} --help)`);
}

const looksLikeOption = (word: string): boolean => word.startsWith('-') && word !== '-' && !/^-\d/.test(word);

/** Parses argv; returns "help" when -h/--help is given. Throws UsageError on bad words. */
export function parseArgs(spec: CommandSpec, argv: readonly string[]): ParsedArgs | 'help' {
  const options: ParsedArgs['options'] = {};
  const words: string[] = [];
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (onlyPositionals || !looksLikeOption(word)) {
      words.push(word);
      continue;
    }
    if (word === '--') {
      onlyPositionals = true;
      continue;
    }
    if (word === '-h' || word === '--help') return 'help';
    const eq = word.startsWith('--') ? word.indexOf('=') : -1;
    const option = findOption(spec, eq > 0 ? word.slice(0, eq) : word);
    const arity = option.values ?? 1;
    const key = keyOf(option);
    if (arity === 0) {
      if (eq > 0) throw new UsageError(`option ${option.name} takes no value`);
      options[key] = true;
      continue;
    }
    const values: string[] = [];
    if (eq > 0) values.push(word.slice(eq + 1));
    while (values.length < arity) {
      const next = argv[i + 1];
      if (next === undefined || looksLikeOption(next)) {
        throw new UsageError(`option ${option.name} expects ${arity === 1 ? 'a value' : `${arity} values`}`);
      }
      values.push(next);
      i++;
    }
    if (option.choices) {
      for (const v of values) {
        if (!option.choices.includes(v)) throw new UsageError(`option ${option.name}: invalid choice '${v}' (choose from ${option.choices.join(', ')})`);
      }
    }
    const before = options[key];
    options[key] = arity > 1 || before === undefined || before === true ? values : [...before, ...values];
  }
  return { positionals: assignPositionals(spec, words), options };
}

function assignPositionals(spec: CommandSpec, words: string[]): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  const fixedAfter = (index: number): number => spec.positionals.slice(index + 1).length;
  let at = 0;
  for (const [index, p] of spec.positionals.entries()) {
    if (p.nargs === '+') {
      const take = words.length - at - fixedAfter(index);
      if (take < 1) break;
      result[p.name] = words.slice(at, at + take);
      at += take;
    } else if (at < words.length) {
      result[p.name] = [words[at]!];
      at++;
    }
  }
  const missing = spec.positionals.filter((p) => result[p.name] === undefined).map((p) => p.name);
  if (missing.length > 0) throw new UsageError(`the following arguments are required: ${missing.join(', ')}`);
  if (at < words.length) throw new UsageError(`unrecognized arguments: ${words.slice(at).join(' ')}`);
  return result;
}

/** Helpers for reading a parsed option. */
export const opt = {
  flag: (args: ParsedArgs, key: string): boolean => args.options[key] === true,
  one: (args: ParsedArgs, key: string): string | undefined => {
    const v = args.options[key];
    return Array.isArray(v) ? v[v.length - 1] : undefined;
  },
  many: (args: ParsedArgs, key: string): string[] | undefined => {
    const v = args.options[key];
    return Array.isArray(v) ? v : undefined;
  },
};

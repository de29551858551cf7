import type { NvsKeys } from '../../shared/nvs/encryption.js';
import { deriveHmacKeys, generateHmacKey, generateKeys, makeKeyPartition, readHmacKey } from '../../shared/nvs/keys.js';
import { defaultHmacKeyName, defaultKeyFileName, readBinaryInput, resolveKeyOutput } from '../nvs/key-files.js';
import { nodeCrypto } from '../nvs/node-crypto.js';
import type { OutputFile } from '../nvs/write-outputs.js';
import { opt, type OptionSpec, type ParsedArgs } from './args.js';
import { CliError } from './errors.js';
import type { CliIo } from './io.js';

/** The key options `nvs generate-key` and `nvs encrypt --keygen` share, spelled as the reference spells them. */
export const keyFileOption: OptionSpec = {
  name: '--keyfile',
  metavar: 'KEYFILE',
  help: 'name of the key file, written to <outdir>/keys/ (default keys-<month>-<day>_<hour>-<minute>.bin); an existing file is never overwritten',
};

export const hmacOptions: readonly OptionSpec[] = [
  { name: '--key_protect_hmac', values: 0, help: 'derive the keys from an HMAC key (the HMAC-based NVS key protection scheme) instead of making random ones' },
  { name: '--kp_hmac_keygen', values: 0, help: 'with --key_protect_hmac: make a new random 32-byte HMAC key and save it to <outdir>/keys/' },
  { name: '--kp_hmac_keyfile', metavar: 'KP_HMAC_KEYFILE', help: 'name of the HMAC key file --kp_hmac_keygen writes (default hmac-<keyfile>)' },
  { name: '--kp_hmac_inputkey', metavar: 'KP_HMAC_INPUTKEY', help: 'with --key_protect_hmac: the 32-byte HMAC key file to derive the keys from' },
];

export type HmacSource = { kind: 'input'; file: string } | { kind: 'keygen' };

/** Which HMAC key the options name, if any; contradictions are errors rather than silently resolved. */
export function hmacSource(args: ParsedArgs, io: CliIo): HmacSource | undefined {
  const input = opt.one(args, 'kp_hmac_inputkey');
  const keygen = opt.flag(args, 'kp_hmac_keygen');
  const keyfile = opt.one(args, 'kp_hmac_keyfile');
  if (!opt.flag(args, 'key_protect_hmac')) {
    const stray = input !== undefined ? '--kp_hmac_inputkey' : keygen ? '--kp_hmac_keygen' : keyfile !== undefined ? '--kp_hmac_keyfile' : undefined;
    if (stray) throw new CliError(`${stray} only applies with --key_protect_hmac: add --key_protect_hmac to derive the keys from an HMAC key, or drop ${stray}`);
    return undefined;
  }
  if (input !== undefined && keygen) {
    throw new CliError('--kp_hmac_inputkey and --kp_hmac_keygen both name the HMAC key: give one of them');
  }
  if (input === undefined && !keygen) {
    throw new CliError('--key_protect_hmac needs the HMAC key: give --kp_hmac_inputkey FILE (the key burned into the eFuse) or --kp_hmac_keygen to make one');
  }
  if (keyfile !== undefined && !keygen) io.err('warning: --kp_hmac_keyfile is ignored without --kp_hmac_keygen\n');
  return input !== undefined ? { kind: 'input', file: input } : { kind: 'keygen' };
}

/** The XTS keys derived from an HMAC key file. */
export function keysFromHmacFile(file: string, io: CliIo): NvsKeys {
  return deriveHmacKeys(readHmacKey(readBinaryInput(file, io.cwd, '--kp_hmac_inputkey file'), file), nodeCrypto);
}

export interface NewKeys {
  keys: NvsKeys;
  /** To write, HMAC key first: both are secrets. */
  files: OutputFile[];
  /** stdout lines, printed once everything is written. */
  messages: string[];
}

/**
 * What `generate-key` makes (and `encrypt --keygen`): random keys, or keys
 * derived from a given or new HMAC key, as a key partition at <outdir>/keys/<keyfile>.
 */
export function makeNewKeys(args: ParsedArgs, io: CliIo, now: Date): NewKeys {
  const outdir = opt.one(args, 'outdir');
  const warn = (message: string): void => io.err(`warning: ${message}\n`);
  const keyName = opt.one(args, 'keyfile') ?? defaultKeyFileName(now);
  const keyPath = resolveKeyOutput(keyName, outdir, io.cwd, warn);
  const hmac = hmacSource(args, io);
  const files: OutputFile[] = [];
  const messages: string[] = [];
  let keys: NvsKeys;
  if (hmac === undefined) {
    keys = generateKeys(nodeCrypto);
  } else if (hmac.kind === 'input') {
    keys = keysFromHmacFile(hmac.file, io);
  } else {
    const hmacPath = resolveKeyOutput(opt.one(args, 'kp_hmac_keyfile') ?? defaultHmacKeyName(keyName), outdir, io.cwd, warn);
    if (hmacPath === keyPath) throw new CliError(`the HMAC key and the encryption keys would both be written to ${keyPath}: give --kp_hmac_keyfile another name`);
    const hmacKey = generateHmacKey(nodeCrypto);
    keys = deriveHmacKeys(hmacKey, nodeCrypto);
    files.push({ path: hmacPath, data: hmacKey, secret: true });
    messages.push(`\nCreated HMAC key: ===>  ${hmacPath}\n`);
  }
  files.push({ path: keyPath, data: makeKeyPartition(keys), secret: true });
  messages.push(`\nCreated encryption keys: ===>  ${keyPath}\n`);
  return { keys, files, messages };
}

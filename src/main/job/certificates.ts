import { X509Certificate } from 'node:crypto';
import { openCa, type LoadedCa } from '../identity/ca.js';
import { IdentityError } from '../identity/identity-error.js';
import { createIssuer, type Issuer } from '../identity/issue.js';
import { pemBlocks } from '../identity/pem.js';
import { compileTemplate } from '../identity/subject-template.js';
import type { JobFiles, Reference } from './job-files.js';
import type { CertificateSettings } from './job-schema.js';
import type { ProblemSink } from './problems.js';

type IssueSettings = Extract<CertificateSettings, { mode: 'issue' }>;

/** The job's certificate source, checked; an issuing CA is opened when the passphrase is known. */
export type LoadedCertificates =
  | { mode: 'none' }
  | { mode: 'pool'; pool: string }
  | {
      mode: 'issue';
      settings: IssueSettings;
      /** The CA certificate, for {{ca_pem}} and the records. */
      caPem: string;
      /** Ready when loadJob was given the passphrase. */
      issuer?: Issuer;
      ca?: LoadedCa;
      /** Opens the CA with its passphrase (at start, when loadJob had none). Throws IdentityError. */
      open(passphrase: string, now?: Date): Promise<{ ca: LoadedCa; issuer: Issuer }>;
    };

export interface CertificateContext {
  files: JobFiles;
  sink: ProblemSink;
  at(path: PropertyKey[], charIndex?: number): Reference;
  constants: Readonly<Record<string, string>>;
  /** A serial and MAC of the job's kind, to try the templates with. */
  sample: { serial: string; mac: string; job: string };
  passphrase?: string;
  now?: Date;
  notice(message: string): void;
}

const FIX_TEMPLATE = 'placeholders are {serial}, {mac}, {mac_hex}, {job} and the job\'s constants; attributes are CN, O, OU, C, L, ST, SERIALNUMBER, …';

/** Checks the subject and each SAN entry on its own, so that every bad one is reported at its column. */
function checkTemplates(settings: IssueSettings, ctx: CertificateContext): boolean {
  const before = ctx.sink.count;
  const tryCompile = (path: PropertyKey[], spec: Parameters<typeof compileTemplate>[0]): void => {
    try {
      compileTemplate(spec);
    } catch (error) {
      if (!(error instanceof IdentityError)) throw error;
      ctx.sink.add({ ...ctx.at(path, error.column === undefined ? undefined : error.column - 1), message: error.message, hint: error.hint ?? FIX_TEMPLATE });
    }
  };
  tryCompile(['certificates', 'subject'], { subject: settings.subject, constants: ctx.constants });
  settings.san.forEach((entry, i) => tryCompile(['certificates', 'san', i], { subject: 'CN=x', san: [entry], constants: ctx.constants }));
  if (ctx.sink.count > before) return false;
  try {
    const mac = ctx.sample.mac;
    compileTemplate({ subject: settings.subject, san: settings.san, constants: ctx.constants }).render({ ...ctx.sample, mac_hex: mac.replaceAll(':', '') });
  } catch (error) {
    if (!(error instanceof IdentityError)) throw error;
    ctx.sink.add({ ...ctx.at(['certificates', 'subject']), message: `the certificate templates do not work for a sample board (serial ${ctx.sample.serial}, MAC ${ctx.sample.mac}): ${error.message}`, hint: error.hint ?? FIX_TEMPLATE });
    return false;
  }
  return true;
}

function readCaPem(text: string, file: string, from: Reference, sink: ProblemSink): string | undefined {
  const block = pemBlocks(text).find((b) => b.label === 'CERTIFICATE');
  try {
    // Kept as written, for {{ca_pem}}: only the certificate block, with a line end.
    if (block && new X509Certificate(block.text)) return `${block.text}\n`;
  } catch {
    // reported below
  }
  sink.add({ ...from, message: `CA certificate ${file} holds no readable PEM certificate`, hint: 'give the ca.crt that factory-bench ca create wrote' });
  return undefined;
}

export async function loadCertificates(settings: CertificateSettings, ctx: CertificateContext): Promise<LoadedCertificates | undefined> {
  if (settings.mode !== 'issue') return settings;
  const certAt = ctx.at(['certificates', 'ca', 'cert']);
  const keyAt = ctx.at(['certificates', 'ca', 'key']);
  const certText = await ctx.files.readText(settings.ca.cert, 'CA certificate', certAt);
  const keyText = await ctx.files.readText(settings.ca.key, 'CA key', keyAt);
  const certFile = ctx.files.display(settings.ca.cert);
  const keyFile = ctx.files.display(settings.ca.key);
  const caPem = certText === undefined ? undefined : readCaPem(certText, certFile, certAt, ctx.sink);
  const templatesWork = checkTemplates(settings, ctx);
  if (caPem === undefined || keyText === undefined || !templatesWork) return undefined;

  const open = async (passphrase: string, now?: Date): Promise<{ ca: LoadedCa; issuer: Issuer }> => {
    const ca = await openCa({ certPem: certText!, keyPem: keyText, passphrase, certFile, keyFile, now });
    const issuer = createIssuer(ca, { subject: settings.subject, san: settings.san, constants: ctx.constants, validityDays: settings.validityDays, extendedKeyUsage: settings.extendedKeyUsage });
    return { ca, issuer };
  };
  const loaded: Extract<LoadedCertificates, { mode: 'issue' }> = { mode: 'issue', settings, caPem, open };
  if (ctx.passphrase === undefined) {
    ctx.notice(`the CA key ${keyFile} is opened when the job starts: its passphrase is asked then (or give it to loadJob to check it now)`);
    return loaded;
  }
  try {
    const { ca, issuer } = await open(ctx.passphrase, ctx.now);
    return { ...loaded, ca, issuer };
  } catch (error) {
    if (!(error instanceof IdentityError)) throw error;
    const from = error.file !== undefined && error.file === certFile ? certAt : keyAt;
    ctx.sink.add({ ...from, message: error.message, hint: error.hint ?? 'check the CA files and the passphrase' });
    return undefined;
  }
}

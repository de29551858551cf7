import type { DeviceDetail } from '../ledger/index.js';
import { formatHelp, parseArgs, type CommandSpec } from './args.js';
import type { Command } from './commands.js';
import { CliError } from './errors.js';
import { ledgerOption, ledgerPath, withLedger } from './ledger-options.js';
import { formatDeviceTable } from './ledger-table.js';
import { replaceControlCharacters } from '../../shared/text/control-characters.js';

export const ledgerShowSpec: CommandSpec = {
  command: 'ledger show',
  description: 'Show everything the ledger knows about one device: its identities, certificates, label prints and every audit event.',
  positionals: [{ name: 'device', help: 'a serial, or a MAC in any spelling (24:0a:c4:12:34:56, 24-0A-C4-12-34-56, 240ac4123456)' }],
  options: [ledgerOption, { name: '--json', values: 0, help: 'print it as JSON' }, { name: '--cert', values: 0, help: "print only the current certificate's PEM" }],
};

/** The ledger's text, kept from driving the terminal. */
const printable = (text: string): string => replaceControlCharacters(text, '?', '\n');

function formatDetail(detail: DeviceDetail): string {
  const lines = [`MAC ${detail.mac}${detail.chip ? ` (${detail.chip})` : ''}, first seen ${detail.firstSeen}`, '', 'Identities:', formatDeviceTable(detail.identities).trimEnd()];
  for (const identity of detail.identities) {
    if (identity.voidReason) lines.push(`  ${identity.serial} voided: ${identity.voidReason}`);
  }
  lines.push('', 'Certificates:');
  if (detail.certificates.length === 0) lines.push('  (none)');
  for (const certificate of detail.certificates) {
    lines.push(`  ${certificate.serial}  ${certificate.status.padEnd(10)}  ${certificate.origin.padEnd(6)}  sha256 ${certificate.fingerprint}  ${certificate.subject ?? ''}${certificate.notAfter ? `  until ${certificate.notAfter}` : ''}`);
  }
  lines.push('', 'Label prints:');
  if (detail.labelPrints.length === 0) lines.push('  (none)');
  for (const print of detail.labelPrints) {
    lines.push(`  ${print.at}  ${print.reprint ? 'reprint' : 'print  '}  ${print.status}  ${print.printer}  by ${print.operator}${print.reason ? `: ${print.reason}` : ''}${print.error ? ` (${print.error})` : ''}`);
  }
  lines.push('', 'History:');
  for (const event of detail.events) {
    const { serial, ...rest } = event.data;
    const details = Object.entries(rest)
      .filter(([, value]) => value !== null && value !== undefined)
      .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
      .join(' ');
    lines.push(`  #${event.id}  ${event.at}  ${event.kind.padEnd(21)}  ${typeof serial === 'string' ? serial : ''}${event.port ? `  on ${event.port}` : ''}  by ${event.actor}${details ? `  ${details}` : ''}`);
  }
  return printable(`${lines.join('\n')}\n`);
}

const command: Command = {
  async run(argv, io) {
    const args = parseArgs(ledgerShowSpec, argv);
    if (args === 'help') {
      io.out(formatHelp(ledgerShowSpec));
      return 0;
    }
    const term = args.positionals.device![0]!;
    return withLedger(ledgerPath(args, io), { create: false }, (ledger) => {
      const detail = ledger.queries.detail(term);
      if (!detail) throw new CliError(`no device with serial or MAC "${term}" in ${ledger.file}\nhint: ledger list --search ${JSON.stringify(term.slice(0, 6))} lists serials and MACs that start alike`);
      if (args.options.cert) {
        const current = detail.certificates.find((certificate) => certificate.status === 'active' && certificate.serial === detail.identities[0]?.serial);
        if (!current) throw new CliError(`${detail.identities[0]?.serial ?? term} has no certificate`);
        io.out(current.pem);
      } else {
        io.out(args.options.json ? `${JSON.stringify(detail, null, 2)}\n` : formatDetail(detail));
      }
      return 0;
    });
  },
};

export default command;

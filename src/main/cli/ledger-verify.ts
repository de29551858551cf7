import { formatHelp, parseArgs, type CommandSpec } from './args.js';
import type { Command } from './commands.js';
import { verifyLedger } from '../ledger/index.js';
import { ledgerFailure, ledgerOption, ledgerPath } from './ledger-options.js';

export const ledgerVerifySpec: CommandSpec = {
  command: 'ledger verify',
  description:
    "Check a ledger without changing it: SQLite's integrity check, the audit chain event by event, that no serial, certificate or MAC belongs to two devices, and that every identity agrees with the events that recorded it.",
  positionals: [],
  options: [ledgerOption, { name: '--json', values: 0, help: 'print the report as JSON' }],
  epilog: 'Exit status: 0 when every check passes, 1 when one fails or the file is not a readable ledger.',
};

const command: Command = {
  async run(argv, io) {
    const args = parseArgs(ledgerVerifySpec, argv);
    if (args === 'help') {
      io.out(formatHelp(ledgerVerifySpec));
      return 0;
    }
    const file = ledgerPath(args, io);
    let report;
    try {
      report = verifyLedger(file);
    } catch (error) {
      throw ledgerFailure(error);
    }
    if (args.options.json) {
      io.out(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      const lines = [`${file}: schema ${report.schema}, ${report.counts.devices} devices, ${report.counts.identities} identities, ${report.counts.events} audit events`];
      for (const check of report.checks) {
        lines.push(`  ${check.ok ? 'ok  ' : 'FAIL'}  ${check.name}`);
        for (const problem of check.problems) lines.push(`          ${problem}`);
      }
      if (report.firstBrokenEvent) {
        const broken = report.firstBrokenEvent;
        lines.push(`The audit chain breaks at event #${broken.id} (${broken.kind}, ${broken.at}): ${broken.reason}.`);
      }
      lines.push(report.ok ? 'ledger verify: every check passed' : 'ledger verify: FAILED: the ledger was changed outside Factory Bench or is damaged; keep this file as evidence and restore a backup');
      (report.ok ? io.out : io.err)(`${lines.join('\n')}\n`);
    }
    return report.ok ? 0 : 1;
  },
};

export default command;

import { resolve } from 'node:path';
import { LabelLayoutError } from '../../shared/labels/layout.js';
import { defaultTemplatePath, LabelError, LabelFileError, loadLabelTemplate, PrinterError, type LabelTemplate } from '../labels/index.js';
import type { OptionSpec, ParsedArgs } from './args.js';
import { CliError } from './errors.js';
import type { CliIo } from './io.js';
import { single } from './ledger-options.js';

export const templateOption: OptionSpec = { name: '--template', metavar: 'FILE', help: 'the label template (default: resources/labels/default-50x25.json)' };

/** The template of --template, or the default one; its problems as one message. */
export function templateFrom(args: ParsedArgs, io: CliIo): LabelTemplate {
  const given = single(args, 'template');
  return loadLabelTemplate(given ? resolve(io.cwd, given) : defaultTemplatePath());
}

/** A label refusal (template, printer, device) as one command-line message with its hint. */
export function labelFailure(error: unknown): unknown {
  if (error instanceof PrinterError) return new CliError(`${error.message}\nthe attempt is recorded in the ledger as failed\nhint: ${error.hint}`);
  if (error instanceof LabelFileError || error instanceof LabelError) return new CliError(`${error.message}\nhint: ${error.hint}`);
  if (error instanceof LabelLayoutError) return new CliError(`the label cannot be laid out: ${error.message}\nhint: change the template (sizes, data) for this device`);
  return error;
}

import { parseNvsCsv, type CsvRow } from '../../shared/nvs/csv.js';
import { encodeNvs } from '../../shared/nvs/encoder.js';
import type { SourceLocation } from '../../shared/nvs/errors.js';
import type { FormatVersion } from '../../shared/nvs/items.js';
import { rowsToItems } from '../../shared/nvs/rows.js';
import { parsePartitionSize } from '../../shared/nvs/size.js';
import { nodeCrypto } from './node-crypto.js';
import { makeFileReader, readInputText } from './read-file.js';

export interface GenerateOptions {
  /** CSV files, written into one image in this order. */
  inputs: string[];
  /** The partition size as given on the command line (0x6000, 24576…). */
  size: string;
  version: FormatVersion;
  /** Where relative paths (the CSVs and the files they name) resolve. */
  cwd: string;
  warn?(message: string, at: SourceLocation): void;
}

/** Builds the plaintext image from nvs_partition_gen CSV files. Throws NvsInputError on bad input. */
export function generateImage(options: GenerateOptions): Uint8Array {
  const size = parsePartitionSize(options.size);
  const rows: CsvRow[] = options.inputs.flatMap((input) => parseNvsCsv(readInputText(input, options.cwd, 'input CSV'), input));
  const items = rowsToItems(rows, { readFile: makeFileReader(options.cwd), crypto: nodeCrypto, warn: options.warn });
  return encodeNvs(items, { size, version: options.version });
}

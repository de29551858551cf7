import { z } from 'zod';
import { readJson, JsonSyntaxError } from './json-text.js';
import type { JobFiles, Reference } from './job-files.js';
import { OFFSET_PATTERN } from './job-schema.js';
import { parseFlashSize, parseOffset } from './flash-numbers.js';
import type { ProblemSink } from './problems.js';

/** An image the firmware puts in flash, and where its path is written. */
export interface ImageReference {
  offset: number;
  /** Relative to the job folder. */
  path: string;
  at: Reference;
}

export interface FirmwareSource {
  images: ImageReference[];
  /** Bytes; undefined when the build leaves it to detection ("detect", "keep") or does not say. */
  flashSize?: number;
  flashSettings?: { mode: string; size: string; freq: string };
  chip?: { name: string; at: Reference };
  tableOffset?: number;
}

/** The parts of flasher_args.json the bench uses; `idf.py build` writes more. */
const flasherArgsSchema = z.looseObject({
  flash_files: z.record(z.string().regex(OFFSET_PATTERN, { error: 'an offset such as "0x10000"' }), z.string().min(1)),
  flash_settings: z.looseObject({ flash_mode: z.string(), flash_size: z.string(), flash_freq: z.string() }).optional(),
  extra_esptool_args: z.looseObject({ chip: z.string().optional() }).optional(),
  'partition-table': z.looseObject({ offset: z.string().regex(OFFSET_PATTERN) }).optional(),
});

const HINT = 'give the flasher_args.json that `idf.py build` writes into the build folder';

/**
 * Reads an ESP-IDF build's flasher_args.json: the images to flash (paths
 * relative to the build folder), the flash settings and the chip.
 */
export async function readFlasherArgs(path: string, files: JobFiles, sink: ProblemSink, from: Reference): Promise<FirmwareSource | undefined> {
  const text = await files.readText(path, 'flasher_args.json', from);
  if (text === undefined) return undefined;
  const file = files.display(path);
  let doc;
  try {
    doc = readJson(text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    sink.add({ file, ...error.position, message: `not valid JSON: ${error.message}`, hint: HINT });
    return undefined;
  }
  const parsed = flasherArgsSchema.safeParse(doc.value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) sink.add({ file, ...doc.at(issue.path), message: `${issue.path.join('.') || 'flasher_args.json'}: ${issue.message}`, hint: HINT });
    return undefined;
  }
  const args = parsed.data;
  const buildDir = files.folderOf(path);
  const images = Object.entries(args.flash_files).map(([offset, image]) => ({
    offset: parseOffset(offset),
    path: files.display(image, buildDir),
    at: { file, ...doc.at(['flash_files', offset]) },
  }));
  const settings = args.flash_settings;
  const chip = args.extra_esptool_args?.chip;
  const table = args['partition-table'];
  return {
    images,
    flashSize: settings && parseFlashSize(settings.flash_size),
    flashSettings: settings && { mode: settings.flash_mode, size: settings.flash_size, freq: settings.flash_freq },
    chip: chip === undefined ? undefined : { name: chip, at: { file, ...doc.at(['extra_esptool_args', 'chip']) } },
    tableOffset: table && parseOffset(table.offset),
  };
}

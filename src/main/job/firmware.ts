import type { ChipName } from '../esp/chips.js';
import { parseFlashSize, parseOffset } from './flash-numbers.js';
import { readFlasherArgs, type FirmwareSource, type ImageReference } from './flasher-args.js';
import { imageChip } from './image-header.js';
import type { JobFiles, Reference } from './job-files.js';
import type { FirmwareSettings } from './job-schema.js';
import type { ProblemSink } from './problems.js';

/** One image to write, read once when the job loads. */
export interface FirmwareImage {
  offset: number;
  /** Relative to the job folder. */
  file: string;
  data: Uint8Array;
}

export interface LoadedFirmware extends Omit<FirmwareSource, 'images'> {
  images: (FirmwareImage & { at: Reference })[];
}

/** Where the firmware's images come from: the build's flasher_args.json or the job's own list. */
async function firmwareSource(settings: FirmwareSettings, files: JobFiles, sink: ProblemSink, at: (path: PropertyKey[]) => Reference): Promise<FirmwareSource | undefined> {
  if ('flasherArgs' in settings) return readFlasherArgs(settings.flasherArgs, files, sink, at(['firmware', 'flasherArgs']));
  const images: ImageReference[] = settings.images.map((image, i) => ({ offset: parseOffset(image.offset), path: files.display(image.file), at: at(['firmware', 'images', i, 'file']) }));
  return { images, flashSize: settings.flashSize === undefined ? undefined : parseFlashSize(settings.flashSize) };
}

/**
 * Reads the firmware once: every image, each checked to be there, and, where
 * the build or an image header names a chip, that it is the job's chip.
 */
export async function loadFirmware(settings: FirmwareSettings, chip: { name: ChipName; at: Reference } | undefined, files: JobFiles, sink: ProblemSink, at: (path: PropertyKey[]) => Reference): Promise<LoadedFirmware | undefined> {
  const source = await firmwareSource(settings, files, sink, at);
  if (!source) return undefined;
  if (chip && source.chip && source.chip.name !== chip.name) {
    sink.add({ ...chip.at, message: `the job is for ${chip.name}, but the firmware was built for ${source.chip.name} (${source.chip.at.file}${source.chip.at.line ? `:${source.chip.at.line}` : ''})`, hint: 'build the firmware for the job\'s chip (idf.py set-target), or correct "chip"' });
  }
  const images: LoadedFirmware['images'] = [];
  for (const ref of source.images) {
    const data = await files.read(ref.path, 'firmware image', ref.at);
    if (!data) continue;
    if (data.length === 0) {
      sink.add({ ...ref.at, message: `firmware image ${ref.path} is empty`, hint: 'build the firmware again' });
      continue;
    }
    if (ref.offset % 4 !== 0) sink.add({ ...ref.at, message: `firmware image ${ref.path} is at ${ref.offset}, which is not a multiple of 4`, hint: 'flash offsets are word-aligned; images normally start on a 4 KiB sector' });
    const built = imageChip(data);
    if (chip && built && built !== chip.name && !(source.chip && source.chip.name !== chip.name)) {
      sink.add({ ...ref.at, message: `firmware image ${ref.path} is built for ${built}, but the job is for ${chip.name}`, hint: 'build the firmware for the job\'s chip (idf.py set-target)' });
    }
    images.push({ offset: ref.offset, file: ref.path, data, at: ref.at });
  }
  return { ...source, images };
}

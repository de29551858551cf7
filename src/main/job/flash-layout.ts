import type { Partition } from '../../shared/partitions.js';
import { formatBytes, hex } from './flash-numbers.js';
import type { Reference } from './job-files.js';
import type { ProblemSink } from './problems.js';

/** esptool erases whole sectors before writing, so two images may not share one. */
const SECTOR = 0x1000;

export interface PlacedImage {
  offset: number;
  file: string;
  length: number;
  at: Reference;
}

const range = (offset: number, length: number): string => `${hex(offset)}-${hex(offset + length - 1)}`;
const sectors = (offset: number, length: number): [number, number] => [Math.floor(offset / SECTOR) * SECTOR, Math.ceil((offset + length) / SECTOR) * SECTOR];

function overlap(a: PlacedImage, b: { offset: number; length: number }): 'bytes' | 'sector' | undefined {
  if (a.offset < b.offset + b.length && b.offset < a.offset + a.length) return 'bytes';
  const [a0, a1] = sectors(a.offset, a.length);
  const [b0, b1] = sectors(b.offset, b.length);
  return a0 < b1 && b0 < a1 ? 'sector' : undefined;
}

/**
 * Checks where everything lands in flash: images apart from each other and
 * from the fctry partition, all of it inside the flash, and every image that
 * starts a partition no larger than it.
 */
export function checkFlashLayout(options: { images: readonly PlacedImage[]; fctry?: Partition & { at: Reference }; partitions?: readonly Partition[]; partitionFile?: string; flashSize?: number }, sink: ProblemSink): void {
  const { images, fctry, partitions = [], flashSize } = options;
  const sorted = [...images].sort((a, b) => a.offset - b.offset);
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const [a, b] = [sorted[i]!, sorted[j]!];
      const kind = overlap(a, b);
      if (!kind) continue;
      const message =
        kind === 'bytes'
          ? `firmware images ${a.file} (${range(a.offset, a.length)}) and ${b.file} (${range(b.offset, b.length)}) overlap`
          : `firmware images ${a.file} (${range(a.offset, a.length)}) and ${b.file} (${range(b.offset, b.length)}) share a 4 KiB flash sector: writing one erases part of the other`;
      sink.add({ ...b.at, message, hint: 'check the offsets: each image needs its own sectors' });
    }
  }
  for (const image of images) {
    if (fctry && overlap(image, { offset: fctry.offset, length: fctry.size })) {
      sink.add({
        ...image.at,
        message: `firmware image ${image.file} (${range(image.offset, image.length)}) overlaps the fctry partition '${fctry.name}' (${range(fctry.offset, fctry.size)})`,
        hint: 'the fctry partition is written per board: no firmware image may cover it',
      });
    }
    if (flashSize !== undefined && image.offset + image.length > flashSize) {
      sink.add({ ...image.at, message: `firmware image ${image.file} (${range(image.offset, image.length)}) runs past the end of the ${formatBytes(flashSize)} flash`, hint: 'check the flash size in the build settings and the image offsets' });
    }
    const home = partitions.find((p) => p.offset === image.offset);
    if (home && image.length > home.size) {
      sink.add({ ...image.at, message: `firmware image ${image.file} is ${formatBytes(image.length)}, larger than partition '${home.name}' (${formatBytes(home.size)}) it is written to`, hint: `make '${home.name}' larger or the image smaller` });
    }
  }
  if (flashSize !== undefined && options.partitionFile !== undefined) {
    for (const p of partitions) {
      if (p.offset + p.size <= flashSize) continue;
      sink.add({
        file: options.partitionFile,
        ...(p.csv && { line: p.csv.line, column: p.csv.columns.size }),
        message: `partition '${p.name}' (${range(p.offset, p.size)}) runs past the end of the ${formatBytes(flashSize)} flash`,
        hint: 'shrink or move the partition, or build for a larger flash',
      });
    }
  }
}

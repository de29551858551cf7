import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { vectorsDir } from '../../helpers/vectors.js';

/** One image in the vectors with the reference parser's dumps beside it. */
export interface ReferenceDump {
  caseName: string;
  /** The image, relative to the case directory. */
  image: string;
  imagePath: string;
  allJson: string;
  minimalJson: string;
  writtenCheck: string;
}

function binsUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && d.name.endsWith('.bin'))
    .map((d) => join(d.parentPath, d.name));
}

/**
 * Every `nvs_tool_<bin>_all.json` with its image: <bin> is the image's path
 * in the case directory without ".bin", with "/" written as "_".
 */
export function referenceDumps(): ReferenceDump[] {
  const root = join(vectorsDir(), 'nvs');
  const dumps: ReferenceDump[] = [];
  const cases = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  for (const caseName of cases.sort()) {
    const caseDir = join(root, caseName);
    const files = readdirSync(caseDir, { withFileTypes: true }).filter((d) => d.isFile()).map((d) => d.name);
    const stems = new Map(binsUnder(caseDir).map((path) => [relative(caseDir, path).slice(0, -4).replaceAll('/', '_'), path]));
    for (const file of files) {
      const match = /^nvs_tool_(.+)_all\.json$/.exec(file);
      if (!match) continue;
      const stem = match[1]!;
      const imagePath = stems.get(stem);
      if (!imagePath) throw new Error(`${caseName}/${file}: no image ${stem}.bin found for it`);
      const read = (suffix: string): string => readFileSync(join(caseDir, `nvs_tool_${stem}_${suffix}`), 'utf8');
      dumps.push({
        caseName,
        image: relative(caseDir, imagePath),
        imagePath,
        allJson: read('all.json'),
        minimalJson: read('minimal.json'),
        writtenCheck: read('written_check.txt'),
      });
    }
  }
  if (dumps.length === 0) throw new Error(`no reference dumps found under ${root}`);
  return dumps;
}

export const imageName = (dump: ReferenceDump): string => basename(dump.imagePath);

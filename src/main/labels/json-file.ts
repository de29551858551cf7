import { readFileSync } from 'node:fs';
import { readJson, JsonSyntaxError, type JsonDocument } from '../job/json-text.js';
import { formatJsonPath, type TemplateProblem } from '../../shared/labels/validate-template.js';
import { LabelFileError, type LabelFileProblem } from './label-file-error.js';

/** Reads a JSON file that knows where its values are; a missing file or a syntax error is a LabelFileError. */
export function readJsonFile(file: string, hint: string): JsonDocument {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a folder, not a file' : (error as Error).message;
    throw new LabelFileError(file, [{ path: '(the whole file)', message: why }], hint);
  }
  try {
    return readJson(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw new LabelFileError(file, [{ ...error.position, path: '(the whole file)', message: error.message }], hint);
    throw error;
  }
}

/** Problems found by path, placed at their line and column in the file. */
export function locate(doc: JsonDocument, problems: readonly TemplateProblem[]): LabelFileProblem[] {
  const located = problems.map((problem) => ({ ...doc.at(problem.path, problem.charIndex), path: formatJsonPath(problem.path), message: problem.message }));
  const duplicates = doc.duplicates.map((d) => ({ ...d.position, path: formatJsonPath(d.path as (string | number)[]), message: 'written twice; only the last one counts' }));
  return [...duplicates, ...located];
}

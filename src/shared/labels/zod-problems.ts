import type { z } from 'zod';
import type { JsonPath, TemplateProblem } from './validate-template.js';

/** A zod error as problems by JSON path, under `base`: unknown fields one by one, missing ones by name. */
export function zodProblems(error: z.ZodError, base: JsonPath): TemplateProblem[] {
  return error.issues.flatMap((issue): TemplateProblem[] => {
    const path = [...base, ...(issue.path as (string | number)[])];
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: [...path, key], message: `unknown field "${key}"` }));
    if (issue.code === 'invalid_type' && issue.input === undefined) return [{ path, message: `"${String(path.at(-1))}" is missing` }];
    return [{ path, message: issue.message }];
  });
}

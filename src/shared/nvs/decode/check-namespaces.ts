import { type CheckContext, entryPlace, problem } from './problem.js';

/** Entries in namespaces nobody defined (errors) and namespaces nobody uses (warnings). */
export function checkNamespaces(ctx: CheckContext): void {
  for (const [ns, user] of ctx.usedNamespaces) {
    if (!ctx.definedNamespaces.has(ns)) {
      ctx.problems.push(
        problem('error', { code: 'undefined-namespace', namespace: ns }, `namespace index ${ns} is used (first at ${entryPlace(user)}) but no namespace entry defines it`, user),
      );
    }
  }
  for (const [ns, definition] of ctx.definedNamespaces) {
    if (!ctx.usedNamespaces.has(ns)) {
      ctx.problems.push(
        problem(
          'warning',
          { code: 'unused-namespace', namespace: ns, name: definition.key },
          `namespace ${JSON.stringify(definition.key)} (index ${ns}, defined at page ${definition.page} entry ${definition.index}) holds no keys`,
          definition,
        ),
      );
    }
  }
}

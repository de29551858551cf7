// How every Node bundle of the project is built with esbuild (the command line,
// the benchmarks, test scripts run in child processes): ES modules for the
// Node the project targets, dependencies left in node_modules so that native
// modules load from there.
export const nodeBundleOptions = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node22.12',
  packages: 'external',
  outExtension: { '.js': '.mjs' },
  logLevel: 'warning',
};

/** The command line's own options: one chunk per command, loaded when it runs. */
export const cliBundleOptions = {
  ...nodeBundleOptions,
  entryPoints: { 'factory-bench': 'src/main/cli/main.ts' },
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
};

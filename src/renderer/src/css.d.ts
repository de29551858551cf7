// The Ledger and Labels views import their stylesheets; Vite (and the test harness's esbuild) bundles them.
declare module '*.css';

import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { DEV_CONTENT_SECURITY_POLICY, META_CONTENT_SECURITY_POLICY } from './src/main/shell/csp';

/** `npm run dev` only: index.html's meta policy becomes the dev server's (src/main/shell/csp.ts); builds keep the strict one. */
function devServerPolicy(): Plugin {
  return {
    name: 'factory-bench-dev-policy',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace(`content="${META_CONTENT_SECURITY_POLICY}"`, `content="${DEV_CONTENT_SECURITY_POLICY.replace(/; frame-ancestors[^;]*/, '')}"`),
  };
}

export default defineConfig({
  main: {
    build: { rollupOptions: { input: { index: resolve(import.meta.dirname, 'src/main/index.ts') } } },
  },
  preload: {
    // A sandboxed preload must be CommonJS.
    build: {
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    build: { rollupOptions: { input: { index: resolve(import.meta.dirname, 'src/renderer/index.html') } } },
    plugins: [react(), devServerPolicy()],
  },
});

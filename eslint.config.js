// Lint rules, and the import rules that hold DESIGN.md's layers.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'node:*'];
const forbid = (names, message) => names.map((name) => ({ name, message }));
const forbidPatterns = (group, message) => ({ group, message });

/** Builds a no-restricted-imports rule from forbidden module names and path patterns. */
const layerRule = (paths, patterns) => ['error', { paths, patterns }];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.tools/**', 'coverage/**', 'test/**/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': layerRule(
        [...forbid(nodeBuiltins, 'src/shared is pure: pass file access, clocks and randomness in.'), ...forbid(['electron', 'react'], 'src/shared runs everywhere: no electron, no DOM.')],
        [forbidPatterns(['node:*', '**/main/**', '**/renderer/**', '**/preload/**'], 'src/shared imports nothing from the layers above it.')],
      ),
    },
  },
  {
    // The engine: plain Node, no Electron (only the shell files may import it).
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/index.ts', 'src/main/ipc.ts', 'src/main/window.ts', 'src/main/system-print.ts', 'src/main/shell/harden.ts', 'src/main/shell/serve-renderer.ts'],
    rules: {
      'no-restricted-imports': layerRule(
        forbid(['electron'], 'Only the shell (src/main/index.ts, ipc.ts, window.ts, system-print.ts, shell/harden.ts, shell/serve-renderer.ts) imports electron: the engine and the shell\'s decisions run under plain Node.'),
        [forbidPatterns(['**/renderer/**', '**/preload/**'], 'The engine does not import the UI layers.')],
      ),
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': layerRule(
        [...forbid(nodeBuiltins, 'The renderer never sees Node: use window.bench.'), ...forbid(['electron'], 'The renderer talks to the engine only through window.bench.')],
        [forbidPatterns(['node:*', '**/main/**', '**/preload/**'], 'The renderer talks to the engine only through window.bench.')],
      ),
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': layerRule(
        forbid(nodeBuiltins, 'The preload exposes window.bench and nothing else.'),
        [forbidPatterns(['**/main/**', '**/renderer/**'], 'The preload knows only src/shared/api.ts.')],
      ),
    },
  },
);

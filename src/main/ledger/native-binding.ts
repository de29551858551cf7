import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Where better-sqlite3's compiled module is. The module is a Node-API addon,
 * so the one binary built from source by `npm run setup` loads under Node (tests,
 * command line) and under Electron (the app) alike: nothing is rebuilt when
 * switching between `npm test` and `npm start`. In a packaged app the binary is
 * unpacked beside app.asar, because a .node file cannot be loaded from inside it.
 */
export function nativeBindingPath(): string | undefined {
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  if (process.versions.electron && resources) {
    const unpacked = join(resources, 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
    if (existsSync(unpacked)) return unpacked;
  }
  const built = join(dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
  return existsSync(built) ? built : undefined;
}

import { APP_ENTRY_URL } from './app-protocol.js';
import { CONTENT_SECURITY_POLICY, DEV_CONTENT_SECURITY_POLICY } from './csp.js';

/**
 * What the window loads and under which policy: the built renderer on
 * app://bench/ with the strict policy, or, in an unpackaged app run by
 * `npm run dev`, electron-vite's dev server. A packaged app ignores
 * ELECTRON_RENDERER_URL: an environment variable must never point the window
 * (and with it the IPC's trusted sender) at another page.
 */
export function rendererEntry(options: { packaged: boolean; devServer: string | undefined }): { url: string; policy: string; dev: boolean } {
  if (options.packaged || !options.devServer) return { url: APP_ENTRY_URL, policy: CONTENT_SECURITY_POLICY, dev: false };
  return { url: options.devServer, policy: DEV_CONTENT_SECURITY_POLICY, dev: true };
}

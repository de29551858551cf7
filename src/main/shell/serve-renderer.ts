import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import { APP_SCHEME, appResponseHeaders, resolveAppFile } from './app-protocol.js';

/** Must run before the app is ready: app: behaves as a secure, standard origin (module scripts, same-origin rules). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Serves the files under root, and only those, on app://bench/, each with the CSP header. */
export function serveRenderer(root: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(request.url, root);
    if (!file) return new Response('not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    if (!response.ok) return new Response('not found', { status: 404 });
    return new Response(response.body, { status: 200, headers: appResponseHeaders(file) });
  });
}

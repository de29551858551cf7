import { app, type Session } from 'electron';
import { withCsp, isAppUrl } from './csp.js';
import type { DownloadGate } from './download-gate.js';
import type { Log } from './logger.js';

/**
 * Every web contents the app ever creates (the main window, the hidden print
 * window, anything else): no navigation, no redirects, no new windows, no
 * webviews. A factory tool has no business opening links, so https links
 * are not handed to the system browser either.
 */
export function hardenWebContents(log: Log): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => {
      event.preventDefault();
      log('warn', 'navigation refused', { url: event.url });
    });
    contents.on('will-redirect', (event) => {
      event.preventDefault();
      log('warn', 'redirect refused', { url: event.url });
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      log('warn', 'new window refused', { url });
      return { action: 'deny' };
    });
  });
}

/** The session: CSP on app pages, every permission refused, downloads only when the app asked for them. */
export function hardenSession(session: Session, options: { appUrl: string; policy: string; downloads: DownloadGate; log: Log }): void {
  const { appUrl, policy, downloads, log } = options;
  // Fires for http(s) only: the dev server. Pages on app: get the header from their protocol handler.
  session.webRequest.onHeadersReceived((details, callback) => {
    callback(isAppUrl(details.url, appUrl) ? { responseHeaders: withCsp(details.responseHeaders, policy) } : {});
  });
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log('warn', 'permission refused', { permission });
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  // Serial ports belong to the engine in main, never to a page (Web Serial).
  session.on('select-serial-port', (event, _ports, _contents, callback) => {
    event.preventDefault();
    callback('');
  });
  session.on('will-download', (event, item) => {
    if (downloads.take(item.getURL())) return;
    event.preventDefault();
    log('warn', 'download refused', { url: item.getURL() });
  });
}

/**
 * The renderer's Content-Security-Policy. Main sends it as a header with every
 * app page (the custom app: protocol and the dev server); index.html carries
 * the same policy in a meta tag, which a test keeps identical. frame-ancestors
 * only works as a header.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The policy as index.html's meta tag carries it: a browser ignores frame-ancestors there (and says so), so it is left to the header. */
export const META_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.split('; ')
  .filter((directive) => !directive.startsWith('frame-ancestors'))
  .join('; ');

/**
 * The policy while developing (`npm run dev`, never a packaged app): Vite's dev
 * server injects React's refresh preamble as an inline script and styles as
 * <style> elements, and talks to the page over a WebSocket for hot reload.
 */
export const DEV_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
  .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
  .replace("connect-src 'none'", "connect-src 'self' ws://localhost:* ws://127.0.0.1:*");

export type ResponseHeaders = Record<string, string | string[]>;

/** The response's headers with our policy in place of any the server sent (header names are case-insensitive). */
export function withCsp(headers: ResponseHeaders | undefined, policy = CONTENT_SECURITY_POLICY): ResponseHeaders {
  const result: ResponseHeaders = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') result[name] = value;
  }
  result['Content-Security-Policy'] = [policy];
  return result;
}

/** Whether a response belongs to the app's own pages: same scheme, host and port as the page the window loads. */
export function isAppUrl(url: string, appUrl: string): boolean {
  const a = parse(url);
  const b = parse(appUrl);
  if (!a || !b) return false;
  // Not URL.origin: it is "null" for custom schemes such as app:.
  return a.protocol === b.protocol && a.host === b.host && a.protocol !== 'file:';
}

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

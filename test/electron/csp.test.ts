import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, appResponseHeaders, resolveAppFile } from '../../src/main/shell/app-protocol.js';
import { CONTENT_SECURITY_POLICY, isAppUrl, META_CONTENT_SECURITY_POLICY, withCsp } from '../../src/main/shell/csp.js';
import { rendererEntry } from '../../src/main/shell/renderer-entry.js';
import { repoRoot } from '../helpers/vectors.js';

describe('the renderer CSP', () => {
  it('allows only the app itself: no inline or eval scripts, no connections, no plugins, no framing', () => {
    const directives = new Map(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'none'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)|\*/);
  });

  it('is the same policy as the meta tag in index.html, but for frame-ancestors, which only a header can carry', () => {
    const html = readFileSync(join(repoRoot, 'src/renderer/index.html'), 'utf8');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${META_CONTENT_SECURITY_POLICY}" />`);
    expect(META_CONTENT_SECURITY_POLICY).not.toContain('frame-ancestors');
    expect(CONTENT_SECURITY_POLICY).toBe(`${META_CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`);
  });

  it('replaces whatever policy a response brought, whatever the case of its header name, and keeps the rest', () => {
    const headers = withCsp({ 'content-security-policy': ["default-src *"], 'Content-Type': ['text/html'] });
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
    expect(withCsp(undefined)).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });

  it('knows the app pages by scheme, host and port', () => {
    expect(isAppUrl('http://localhost:5173/src/main.tsx', 'http://localhost:5173/')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
    expect(isAppUrl('https://localhost:5173/', 'http://localhost:5173/')).toBe(false);
    expect(isAppUrl('app://bench/assets/index.js', APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('app://other/index.html', APP_ENTRY_URL)).toBe(false);
    expect(isAppUrl('file:///etc/passwd', 'file:///opt/app/index.html')).toBe(false);
    expect(isAppUrl('not a url', APP_ENTRY_URL)).toBe(false);
  });
});

describe('the app: protocol', () => {
  const root = '/opt/factory-bench/out/renderer';

  it('serves the files under the renderer folder', () => {
    expect(resolveAppFile('app://bench/', root)).toBe(join(root, 'index.html'));
    expect(resolveAppFile('app://bench/index.html', root)).toBe(join(root, 'index.html'));
    expect(resolveAppFile('app://bench/assets/index-abc.js?x=1#y', root)).toBe(join(root, 'assets/index-abc.js'));
  });

  it('serves nothing outside it, nor for another host or scheme', () => {
    // The URL parser already folds plain and %2e dot segments: they stay inside.
    expect(resolveAppFile('app://bench/../main/index.js', root)).toBe(join(root, 'main/index.js'));
    expect(resolveAppFile('app://bench/%2e%2e/main/index.js', root)).toBe(join(root, 'main/index.js'));
    for (const url of ['app://bench/assets/%2e%2e%2f%2e%2e%2fmain/index.js', 'app://bench/..%5cmain', 'app://bench/a%00b', 'app://bench/%E0%A4%A', 'app://other/index.html', 'file:///etc/passwd', 'nonsense']) {
      expect(resolveAppFile(url, root), url).toBeUndefined();
    }
  });

  it('sends the CSP, a JavaScript type for module scripts, and no sniffing', () => {
    expect(appResponseHeaders('/x/index-abc.js')).toEqual({ 'Content-Type': 'text/javascript; charset=utf-8', 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff' });
    expect(appResponseHeaders('/x/index.html')['Content-Type']).toBe('text/html; charset=utf-8');
    expect(appResponseHeaders('/x/blob')['Content-Type']).toBe('application/octet-stream');
  });
});

describe('what the window loads (src/main/shell/renderer-entry.ts)', () => {
  it('is the built renderer on app://bench/ under the strict policy, whatever the environment says, in a packaged app', () => {
    for (const devServer of [undefined, 'http://localhost:5173/', 'https://evil.example/']) {
      expect(rendererEntry({ packaged: true, devServer })).toEqual({ url: APP_ENTRY_URL, policy: CONTENT_SECURITY_POLICY, dev: false });
    }
    expect(rendererEntry({ packaged: false, devServer: undefined })).toEqual({ url: APP_ENTRY_URL, policy: CONTENT_SECURITY_POLICY, dev: false });
  });

  it("is electron-vite's dev server in an unpackaged app, with a policy loosened only for what the dev server needs", () => {
    const entry = rendererEntry({ packaged: false, devServer: 'http://localhost:5173/' });
    expect(entry).toMatchObject({ url: 'http://localhost:5173/', dev: true });
    const directives = new Map(entry.policy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives.get('script-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(directives.get('connect-src')).toEqual(["'self'", 'ws://localhost:*', 'ws://127.0.0.1:*']);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(entry.policy).not.toMatch(/unsafe-eval|(^|\s)\*(\s|;|$)|https?:/);
  });
});

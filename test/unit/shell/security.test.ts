import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, createAppProtocolHandler, isAppUrl, isTrustedSender, resolveInside } from '../../../electron/host/security';

describe('isTrustedSender', () => {
  it('trusts the main frame of the app origin', () => {
    expect(isTrustedSender('app://sva-desk/index.html', true)).toBe(true);
    expect(isTrustedSender('app://sva-desk/integracoes?x=1#a', true)).toBe(true);
  });

  it.each([
    ['a web page', 'https://evil.example/', true],
    ['another app:// host', 'app://other/index.html', true],
    ['a look-alike host', 'app://sva-desk.evil.example/', true],
    ['a file URL', 'file:///work/out/renderer/index.html', true],
    ['an empty URL', '', true],
    ['userinfo tricks', 'app://sva-desk@evil.example/', true],
    ['a subframe of the app', 'app://sva-desk/index.html', false],
  ])('refuses %s', (_label, url, isMainFrame) => {
    expect(isTrustedSender(url, isMainFrame)).toBe(false);
  });

  it('lets navigation stay inside the app and nowhere else', () => {
    expect(isAppUrl('app://sva-desk/planos')).toBe(true);
    expect(isAppUrl('https://sva-desk/')).toBe(false);
    expect(isAppUrl('javascript:alert(1)')).toBe(false);
  });
});

describe('resolveInside', () => {
  const root = '/srv/app/out/renderer';

  it('maps asset paths under the root', () => {
    expect(resolveInside(root, '/index.html')).toBe('/srv/app/out/renderer/index.html');
    expect(resolveInside(root, '/assets/index-abc.js')).toBe('/srv/app/out/renderer/assets/index-abc.js');
    expect(resolveInside(root, '/assets/a%20b.png')).toBe('/srv/app/out/renderer/assets/a b.png');
    expect(resolveInside(root, '/')).toBe('/srv/app/out/renderer');
  });

  it.each([
    ['dot-dot', '/../../etc/passwd'],
    ['dot-dot in the middle', '/assets/../../main/main.js'],
    ['encoded dot-dot', '/%2e%2e/%2e%2e/etc/passwd'],
    ['mixed-case encoded dot-dot', '/%2E%2e/secret'],
    ['encoded slash and dot-dot', '/assets%2f..%2f..%2fmain.js'],
    ['absolute path', '//etc/passwd'],
    ['encoded absolute path', '/%2Fetc%2Fpasswd'],
    ['a Windows drive', '/C:/Windows/win.ini'],
    ['backslashes', '/..\\..\\secret.txt'],
    ['encoded backslash', '/assets%5c..%5c..%5csecret'],
    ['NUL', '/index.html%00.png'],
    ['broken encoding', '/%E0%A4%A'],
  ])('refuses %s', (_label, path) => {
    expect(resolveInside(root, path)).toBeNull();
  });
});

describe('app:// protocol handler', () => {
  const base = mkdtempSync(join(tmpdir(), 'app-'));
  const root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>SVA Desk</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(root, '..', 'outside-secret.txt'), 'segredo');
  const handle = createAppProtocolHandler(root);

  it('serves a file with its type and the CSP header', async () => {
    const res = await handle(new Request('app://sva-desk/assets/app.js'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await res.text()).toBe('console.log(1)');
  });

  it('answers client-side routes with index.html', async () => {
    for (const path of ['/', '/clientes/123']) {
      const res = await handle(new Request(`app://sva-desk${path}`));
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<title>SVA Desk</title>');
    }
  });

  it('answers a missing asset with 404, not with HTML', async () => {
    expect((await handle(new Request('app://sva-desk/assets/missing.js'))).status).toBe(404);
  });

  it('never serves a file outside the renderer folder', async () => {
    // The URL parser already folds %2e%2e segments; resolveInside is the second wall (tested above).
    for (const path of ['/%2e%2e/outside-secret.txt', '/../outside-secret.txt', '/assets/..%2f..%2foutside-secret.txt']) {
      const res = await handle(new Request(`app://sva-desk${path}`));
      expect(res.status).not.toBe(200);
      expect(await res.text()).not.toContain('segredo');
    }
  });

  it('refuses another host of the scheme', async () => {
    expect((await handle(new Request('app://other/index.html'))).status).toBe(403);
  });

  it('keeps the CSP strict: no remote origin, no inline script', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self';");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|\*/);
  });
});

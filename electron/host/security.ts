/**
 * Electron-free security rules of the shell: who may talk to main, where the window may go, and
 * which files the app:// scheme may serve. main.ts and ipc.ts only wire these to Electron's hooks,
 * so every rule here is tested in plain Node.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'sva-desk';
/** The same in development and production: IndexedDB is keyed by origin, so the office's data survives updates. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

// 'unsafe-inline' for styles only: Mantine injects <style> tags at run time. Scripts stay 'self'.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** True when the URL is a page of this app (app://sva-desk/...). Node gives non-special schemes the origin 'null', so compare the parts. */
export function isAppUrl(raw: string | null | undefined): boolean {
  if (!raw) return false;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && !url.username && !url.password;
}

/** Only the app's own top-level page may call main; an iframe, even of the app's origin, may not. */
export function isTrustedSender(url: string | null | undefined, isMainFrame: boolean): boolean {
  return isMainFrame && isAppUrl(url);
}

/**
 * Maps a URL path of app://sva-desk to a file under root, or null when it would leave root.
 * Refuses `..` (also percent-encoded), backslashes (a Windows separator), NUL, drive letters and
 * absolute paths rather than trying to normalise them: no legitimate asset needs any of those.
 */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\\') || decoded.includes('\0')) return null;
  const rel = decoded.startsWith('/') ? decoded.slice(1) : decoded;
  if (rel.startsWith('/') || /^[a-zA-Z]:/.test(rel) || isAbsolute(rel)) return null;
  if (rel.split('/').some((segment) => segment === '..')) return null;
  const base = resolve(root);
  const target = resolve(base, rel);
  const back = relative(base, target);
  if (back.startsWith('..') || isAbsolute(back)) return null;
  return target === base ? base : target.startsWith(base + sep) ? target : null;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function mimeType(file: string): string {
  return MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * The handler behind `protocol.handle('app', ...)`: serves files of root with the CSP header.
 * A path without an extension that matches no file is a client-side route (SPA): index.html.
 * A missing asset is a 404, not index.html, so a broken build fails loudly instead of running HTML as JS.
 */
export function createAppProtocolHandler(root: string): (request: Request) => Promise<Response> {
  const headersFor = (file: string) => ({
    'Content-Type': mimeType(file),
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  });
  const plain = (status: number, text: string) =>
    new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Security-Policy': CONTENT_SECURITY_POLICY } });

  return async (request) => {
    if (!isAppUrl(request.url)) return plain(403, 'Forbidden');
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method Not Allowed');
    const { pathname } = new URL(request.url);
    const target = resolveInside(root, pathname);
    if (!target) return plain(403, 'Forbidden');

    let file: string | null = null;
    if (await isFile(target)) file = target;
    else if (target === resolve(root) || extname(target) === '') file = resolve(root, 'index.html');
    if (!file || !(await isFile(file))) return plain(404, 'Not Found');

    const body = request.method === 'HEAD' ? null : await readFile(file);
    return new Response(body, { status: 200, headers: headersFor(file) });
  };
}

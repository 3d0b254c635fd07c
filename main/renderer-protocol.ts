import { readFile, realpath } from 'node:fs/promises';
import { extname, posix, resolve, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../app/desktop/content-security-policy.js';
import { APP_HOST } from './app-identity.js';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

function securityHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cache-Control': 'no-cache',
  };
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: securityHeaders('text/plain; charset=utf-8') });
}

/** Maps `app://echo-tray/<path>` to a file under `root`, or null when it would leave `root`. */
export function assetPath(root: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  const relative = posix.normalize(path === '/' ? '/index.html' : path);
  const base = resolve(root);
  const full = resolve(base, `.${relative}`);
  return full.startsWith(base + sep) ? full : null;
}

/**
 * The `protocol.handle('app', …)` handler: serves the built renderer (dist/renderer/) read-only,
 * with the CSP header. Symlinks that point out of the folder are refused like `..` is.
 */
export function rendererRequestHandler(root: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'method not allowed');
    const path = assetPath(root, request.url);
    if (path === null) return plain(404, 'not found');
    try {
      const [real, realRoot] = await Promise.all([realpath(path), realpath(root)]);
      if (!real.startsWith(realRoot + sep)) return plain(404, 'not found');
      const body = await readFile(real);
      const type = TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream';
      return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers: securityHeaders(type) });
    } catch {
      return plain(404, 'not found');
    }
  };
}

import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { rendererRequestHandler } from '../../main/renderer-protocol.js';

/**
 * With `X-Content-Type-Options: nosniff` Chromium refuses a script or style sheet of the wrong type:
 * each file the renderer build can contain must get its exact type, and every answer the same headers.
 */
const TYPES: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'index.js': 'text/javascript; charset=utf-8',
  'chunk.mjs': 'text/javascript; charset=utf-8',
  'index.css': 'text/css; charset=utf-8',
  'strings.json': 'application/json; charset=utf-8',
  'index.js.map': 'application/json; charset=utf-8',
  'logo.svg': 'image/svg+xml',
  'tray.PNG': 'image/png',
  'favicon.ico': 'image/x-icon',
  'photo.webp': 'image/webp',
  'font.woff2': 'font/woff2',
  'font.woff': 'font/woff',
  'font.ttf': 'font/ttf',
  'notes.txt': 'text/plain; charset=utf-8',
  'blob.bin': 'application/octet-stream',
};

describe('app:// protocol: content types and security headers', () => {
  let root: string;
  let handler: (request: Request) => Promise<Response>;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'echo-tray-protocol-types-'));
    for (const name of Object.keys(TYPES)) await writeFile(join(root, name), `content of ${name}`);
    // A backslash is a path separator on Windows (..\..\ escapes the folder there); on Linux it can be in a file name.
    await writeFile(join(root, 'a\\b.js'), 'backslash');
    handler = rendererRequestHandler(root);
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const assertSecurityHeaders = (res: Response, what: string): void => {
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff', what);
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer', what);
    assert.equal(res.headers.get('cross-origin-opener-policy'), 'same-origin', what);
    assert.equal(res.headers.get('cache-control'), 'no-cache', what);
    assert.match(res.headers.get('content-security-policy') ?? '', /^default-src 'none'/, what);
  };

  it('answers each kind of file with its exact content type', async () => {
    for (const [name, type] of Object.entries(TYPES)) {
      const res = await handler(new Request(`app://echo-tray/${name}`));
      assert.equal(res.status, 200, name);
      assert.equal(res.headers.get('content-type'), type, name);
      assert.equal(await res.text(), `content of ${name}`);
      assertSecurityHeaders(res, name);
    }
  });

  it('HEAD gets the headers without the body', async () => {
    const res = await handler(new Request('app://echo-tray/index.js', { method: 'HEAD' }));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(await res.text(), '');
  });

  it('refusals are plain text with the same headers, and say why', async () => {
    const cases: [Request, number, string][] = [
      [new Request('app://echo-tray/index.html', { method: 'PUT', body: 'x' }), 405, 'method not allowed'],
      [new Request('app://echo-tray/missing.js'), 404, 'not found'],
      [new Request('app://other-host/index.html'), 404, 'not found'],
      [new Request('app://echo-tray/a%5cb.js'), 404, 'not found'],
    ];
    for (const [request, status, text] of cases) {
      const res = await handler(request);
      assert.equal(res.status, status, request.url);
      assert.equal(res.headers.get('content-type'), 'text/plain; charset=utf-8', request.url);
      assert.equal(await res.text(), text, request.url);
      assertSecurityHeaders(res, request.url);
    }
  });
});

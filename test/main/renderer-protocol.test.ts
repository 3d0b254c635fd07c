import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CONTENT_SECURITY_POLICY } from '../../app/desktop/content-security-policy.js';
import { assetPath, rendererRequestHandler } from '../../main/renderer-protocol.js';

describe('app:// protocol (the built renderer)', () => {
  let dir: string;
  let root: string;
  let handler: (request: Request) => Promise<Response>;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'echo-tray-protocol-'));
    root = join(dir, 'renderer');
    await mkdir(join(root, 'assets'), { recursive: true });
    await writeFile(join(root, 'index.html'), '<!doctype html><title>Echo Tray</title>');
    await writeFile(join(root, 'index.js'), 'console.log(1)');
    await writeFile(join(root, 'assets', 'a b.css'), 'body{}');
    await writeFile(join(dir, 'secret.txt'), 'token');
    await symlink(join(dir, 'secret.txt'), join(root, 'link.txt'));
    handler = rendererRequestHandler(root);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the renderer\'s files with the strict CSP', async () => {
    const res = await handler(new Request('app://echo-tray/index.html'));
    assert.equal(res.status, 200);
    assert.equal(await res.text(), '<!doctype html><title>Echo Tray</title>');
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(res.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal((await handler(new Request('app://echo-tray/'))).status, 200, '/ is index.html');
    assert.equal((await handler(new Request('app://echo-tray/index.js'))).headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(await (await handler(new Request('app://echo-tray/assets/a%20b.css'))).text(), 'body{}');
  });

  it('the CSP allows only the app\'s own resources', () => {
    for (const directive of [
      "default-src 'none'",
      "script-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
      "form-action 'none'",
    ]) {
      assert.ok(CONTENT_SECURITY_POLICY.includes(directive), directive);
    }
    assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-inline|unsafe-eval|https?:|\*/);
  });

  it('never serves anything outside the folder', async () => {
    for (const url of [
      'app://echo-tray/../secret.txt',
      'app://echo-tray/%2e%2e/secret.txt',
      'app://echo-tray/assets/%2e%2e/%2e%2e/secret.txt',
      'app://echo-tray/..%2fsecret.txt',
      'app://echo-tray/%5c..%5csecret.txt',
      'app://echo-tray/link.txt',
      'app://echo-tray/%00index.html',
      'app://echo-tray/missing.html',
      'app://other/index.html',
    ]) {
      const res = await handler(new Request(url));
      assert.equal(res.status, 404, url);
      assert.notEqual(await res.text(), 'token', url);
    }
    assert.equal(assetPath(root, 'app://echo-tray/assets/x.css'), join(root, 'assets', 'x.css'));
    assert.equal(assetPath(root, 'app://echo-tray/%E0%A4%A'), null, 'bad escapes');
  });

  it('is read-only', async () => {
    assert.equal((await handler(new Request('app://echo-tray/index.html', { method: 'POST', body: 'x' }))).status, 405);
  });
});

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import type { PushMap, SessionView } from '../../../app/bridge/contract.js';
import { CONTENT_SECURITY_POLICY, META_CONTENT_SECURITY_POLICY } from '../../../app/desktop/content-security-policy.js';
import { createBridgeClient, type BridgeSocket } from '../../../app/preview/bridge-client.js';
import { MemoryLogger } from '../../../app/log.js';
import { printable } from '../../../app/preview/printable.js';
import { stopAtEnd } from '../../support/cli.js';
import { LineReader } from '../../support/events.js';
import { ALICE } from '../../support/stack.js';
import { startPreviewStack, type PreviewStack } from '../../renderer/support/preview-stack.js';

const PREVIEW_CLI = fileURLToPath(new URL('../../../app/preview/preview-cli.js', import.meta.url));

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** A raw HTTP request (fetch would not let a test set Host, Origin or Sec-Fetch-Site). */
function get(url: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Resolves with the HTTP status a WebSocket upgrade was refused with, or 101 when it opened. */
function upgradeStatus(url: string, origin?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, origin === undefined ? {} : { origin });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', (err) => reject(err));
  });
}

describe('the preview server (real core, real redis-server, fake Laravel)', () => {
  let env: PreviewStack;
  let base: string;
  let token: string;
  let origin: string;

  before(async () => {
    env = await startPreviewStack();
    base = env.preview.url;
    token = env.preview.server.token;
    origin = `http://127.0.0.1:${env.preview.server.port}`;
  });
  after(async () => env?.stop());

  it('serves the window, with the bridge first and a strict CSP, only under the per-run token', async () => {
    assert.match(base, /^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{32}\/$/);
    const page = await get(base, `/${token}/`);
    assert.equal(page.status, 200);
    assert.equal(page.headers['content-security-policy'], CONTENT_SECURITY_POLICY, 'the policy the Electron window runs under');
    assert.ok(page.body.includes(`content="${META_CONTENT_SECURITY_POLICY}"`), 'index.html repeats it in its <meta>');
    assert.equal(page.headers['referrer-policy'], 'no-referrer');
    assert.ok(
      page.body.indexOf('src="preview-bridge.js"') < page.body.indexOf('src="index.js"'),
      'the bridge defines window.echoTray before the window runs',
    );
    assert.ok(page.body.indexOf('src="preview-bridge.js"') > 0);
    assert.equal((await get(base, `/${token}/index.js`)).headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal((await get(base, `/${token}/preview-bridge.js`)).status, 200);

    const redirect = await get(base, `/${token}`);
    assert.equal(redirect.status, 308);
    assert.equal(redirect.headers.location, `/${token}/`);

    for (const path of ['/', '/index.html', `/${token.slice(1)}x/`, `/${token}x/`, '/favicon.ico']) {
      assert.equal((await get(base, path)).status, 404, path);
    }
    for (const path of [`/${token}/../../package.json`, `/${token}/%2e%2e/package.json`, `/${token}/.env`, `/${token}/index.js.bak`]) {
      assert.equal((await get(base, path)).status, 404, path);
    }
    assert.equal((await get(base, `/${token}/`, {}, 'POST')).status, 405);
  });

  it('refuses other hosts (DNS rebinding), other origins and cross-site requests, even with the token', async () => {
    const port = env.preview.server.port;
    assert.equal((await get(base, `/${token}/`, { host: `localhost:${port}` })).status, 200);
    assert.equal((await get(base, `/${token}/`, { host: `rebound.attacker.test:${port}` })).status, 403);
    assert.equal((await get(base, `/${token}/`, { host: '127.0.0.1' })).status, 403);
    assert.equal((await get(base, `/${token}/`, { origin: 'http://127.0.0.1:1' })).status, 403);
    assert.equal((await get(base, `/${token}/`, { origin })).status, 200);
    assert.equal((await get(base, `/${token}/`, { 'sec-fetch-site': 'cross-site' })).status, 403);
    assert.equal(
      (await get(base, `/${token}/`, { 'sec-fetch-site': 'same-site' })).status,
      403,
      'another port of 127.0.0.1 is same-site, not same-origin',
    );
    assert.equal((await get(base, `/${token}/`, { 'sec-fetch-site': 'none' })).status, 200);

    const bridge = `ws://127.0.0.1:${port}/${token}/bridge`;
    assert.equal(await upgradeStatus(bridge, origin), 101);
    assert.equal(await upgradeStatus(bridge, 'http://evil.test'), 403);
    assert.equal(await upgradeStatus(bridge, `http://127.0.0.1:${port + 1}`), 403);
    assert.equal(await upgradeStatus(bridge), 403, 'a WebSocket without an Origin is no browser page of ours');
    assert.equal(await upgradeStatus(`ws://127.0.0.1:${port}/wrong-token/bridge`, origin), 404);
    assert.equal(await upgradeStatus(`ws://127.0.0.1:${port}/${token}/other`, origin), 404);
  });

  it('carries the typed contract over the WebSocket: validated invokes, pushes', async (t) => {
    const socket = new WebSocket(`ws://127.0.0.1:${env.preview.server.port}/${token}/bridge`, { origin });
    const api = createBridgeClient(() => socket as unknown as BridgeSocket);
    t.after(() => {
      socket.close();
    });
    const state = await api.invoke('app:state');
    assert.equal(state.profile.name, 'Acme test');
    assert.equal(state.session.state, 'logged-out');
    assert.equal(state.session.tokenStorage, 'memory');

    await assert.rejects(api.invoke('history:list', { limit: 5000 }), /history:list: limit must be a whole number from 0 to 1000/);
    await assert.rejects(api.invoke('settings:update', { theme: 'neon' } as never), /theme must be system, light or dark/);
    const sneaky = api as unknown as { invoke(channel: string, ...args: unknown[]): Promise<unknown> };
    await assert.rejects(sneaky.invoke('shell:open-external', 'file:///etc/passwd'), /unknown invoke channel "shell:open-external"/);
    await assert.rejects(sneaky.invoke('session:login', ALICE.email), /session:login: expected 2 argument\(s\), got 1/);

    const sessions: SessionView[] = [];
    const off = api.on('push:session', (...[session]: PushMap['push:session']) => sessions.push(session));
    const result = await api.invoke('session:login', ALICE.email, ALICE.password);
    off();
    assert.equal(result.ok, true);
    assert.deepEqual(sessions.map((s) => s.state), ['logging-in', 'logged-in']);
    assert.equal(env.preview.controller.sessionState.userId, String(ALICE.id));
    await api.invoke('session:logout');
  });

  it('the CLI prints the address, prints notifications as plain text, and stops on SIGTERM', async (t) => {
    const profile = await env.stack.writeProfile('redis');
    const child = spawn(process.execPath, [PREVIEW_CLI, '--config', profile, '--port', '0'], {
      env: { ...process.env, ECHO_TRAY_TOKEN: env.stack.laravel.issueToken(ALICE.id) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const stdout = new LineReader(child.stdout);
    const stderr = new LineReader(child.stderr);
    stopAtEnd(t, { child }, 'SIGTERM');
    const line = await stdout.nextLine(/^echo-tray preview: open http:/, 10_000);
    const url = /(http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]+\/)$/.exec(line)?.[1];
    assert.ok(url, line);
    assert.equal((await get(url, new URL(url).pathname)).status, 200);
    // The token restored a session: it connects and subscribes without a login.
    await stderr.nextLine(/^echo-tray: subscribed poster_room$/, 10_000);
    assert.ok(
      stderr.lines.some((l) => /^echo-tray: connected to redis:\/\/127\.0\.0\.1:\d+\/? via redis pub\/sub/.test(l)),
      stderr.lines.join('\n'),
    );
    await env.publisher.publish({
      channels: ['poster_room'],
      event: 'backend_poster',
      data: { title: '\u001b[31mred\u001b[0m alert', msg: 'line one\nline two' },
    });
    const printed = await stdout.nextLine(/^notification/, 10_000);
    assert.match(printed, /^notification: .*red.* alert — line one line two {2}\[poster_room\]$/);
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    assert.doesNotMatch(printed, /[\u0000-\u001f\u007f]/, 'no control character from a payload reaches the terminal');
    child.kill('SIGTERM');
    assert.equal(await exited, 0, stderr.lines.join('\n'));
  });

  it('prints event text without control characters', () => {
    assert.equal(printable('\u001b[2J\u001b[31mred\rover\nnext\u202eevil'), '\\u001b[2J\\u001b[31mred over next\\u202eevil');
    assert.equal(printable('x'.repeat(400), 10), `${'x'.repeat(10)}…`);
  });

  it('the CLI says what is wrong with its arguments (exit 2)', async () => {
    const run = async (args: string[]): Promise<{ code: number | null; err: string }> => {
      const child = spawn(process.execPath, [PREVIEW_CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      const err = new LineReader(child.stderr);
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      await new Promise<void>((resolve) => (child.stderr.readableEnded ? resolve() : child.stderr.once('close', () => resolve())));
      return { code, err: err.lines.join('\n') };
    };
    const profile = await env.stack.writeProfile('redis');
    assert.deepEqual(await run(['--port', '1']).then((r) => r.code), 2);
    const badPort = await run(['--config', profile, '--port', '70000']);
    assert.equal(badPort.code, 2);
    assert.match(badPort.err, /--port must be a number from 0 to 65535/);
    const badLang = await run(['--config', profile, '--lang', 'fr']);
    assert.equal(badLang.code, 2);
    assert.match(badLang.err, /--lang must be one of en, zh-CN, got "fr"/);
    assert.equal(env.preview.controller.state().systemLanguages, null, 'without --lang the window follows its browser');
    const taken = await run(['--config', profile, '--port', String(env.preview.server.port)]);
    assert.equal(taken.code, 1);
    assert.match(taken.err, /port \d+ on 127\.0\.0\.1 is in use/);
  });
});

describe('preview secrets (issue 12.11)', () => {
  const logger = new MemoryLogger();
  let env: PreviewStack;
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'echo-tray-preview-prefs-'));
    env = await startPreviewStack({}, { logger, preferencesPath: join(dir, 'prefs.json') });
  });
  after(async () => {
    await env?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('a refused request is logged by its path without the run\'s key', async () => {
    const token = env.preview.server.token;
    assert.equal((await get(env.preview.url, `/${token}/index.js?x=1`, { host: 'rebound.attacker.test' })).status, 403);
    assert.equal((await get(env.preview.url, `/${token}/`, { origin: 'http://evil.test' })).status, 403);
    const refused = logger.lines.filter((l) => l.message === 'preview: request refused');
    assert.equal(refused.length, 2);
    for (const line of refused) assert.ok(!JSON.stringify(line).includes(token), JSON.stringify(line));
    assert.equal(refused[0]?.fields.url, '/(key)/index.js');
  });

  it('--prefs is written readable by its owner only (0600)', async () => {
    env.preview.controller.updateSettings({ theme: 'dark' });
    const mode = (await stat(join(dir, 'prefs.json'))).mode & 0o777;
    assert.equal(mode.toString(8), '600');
  });
});

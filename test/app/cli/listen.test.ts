import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli, startCli, stopAtEnd } from '../../support/cli.js';
import { freePort } from '../../support/ports.js';
import { notificationPayload } from '../../support/laravel-broadcast.js';
import { ALICE, stackForSuite } from '../../support/stack.js';

const JSON_KEYS = ['id', 'channel', 'event', 'title', 'body', 'url', 'receivedAt'];

describe('echo-tray listen (the real CLI process against real servers)', () => {
  const s = stackForSuite();

  for (const mode of ['socket.io', 'redis'] as const) {
    it(`${mode}: prints one JSON line per notification on stdout, status on stderr, history on disk`, async (t) => {
      const { stack, publisher } = s();
      const config = await stack.writeProfile(mode);
      const history = join(stack.dir, `history-${mode}.jsonl`);
      const cli = startCli(
        ['listen', '--config', config, '--email', ALICE.email, '--json', '--history', history],
        { ECHO_TRAY_PASSWORD: ALICE.password },
      );
      stopAtEnd(t, cli);
      const expected = [
        `private-todoevent.updated.${ALICE.id}`,
        `private-App.Models.User.${ALICE.id}`,
        'poster_room',
      ].map((c) => `echo-tray: subscribed ${c}`);
      const seen = new Set<string>();
      await cli.stderr.nextLine((l) => {
        if (expected.includes(l)) seen.add(l);
        return seen.size === expected.length;
      }, 10_000);
      assert.ok(cli.stderr.lines.some((l) => l.startsWith('echo-tray: connected to ')));
      await publisher.publish({
        channels: [`private-todoevent.updated.${ALICE.id}`],
        event: 'App\\Events\\TodoEventUpdated',
        data: { todo: { id: 5 }, message: 'Buy milk', url: `${stack.laravel.url}/todos/5` },
      });
      const line = await cli.stdout.nextLine(() => true, 5000);
      const parsed: unknown = JSON.parse(line);
      assert.ok(typeof parsed === 'object' && parsed !== null);
      assert.deepEqual(Object.keys(parsed), JSON_KEYS);
      assert.deepEqual({ ...parsed, id: 'x', receivedAt: 'x' }, {
        id: 'x',
        channel: `private-todoevent.updated.${ALICE.id}`,
        event: 'App\\Events\\TodoEventUpdated',
        title: 'Todo event updated',
        body: 'Buy milk',
        url: `${stack.laravel.url}/todos/5`,
        receivedAt: 'x',
      });
      const n = notificationPayload(ALICE.id, 'App\\Notifications\\InvoicePaid', { message: 'paid' });
      await publisher.publish(n);
      const second: unknown = JSON.parse(await cli.stdout.nextLine(() => true, 5000));
      assert.ok(typeof second === 'object' && second !== null && 'id' in second);
      assert.equal(second.id, n.data.id);
      assert.ok(cli.stdout.lines.every((l) => l.startsWith('{')), 'nothing but notifications on stdout');
      cli.child.kill('SIGINT');
      assert.equal(await cli.exited, 0);
      const stored = (await readFile(history, 'utf8')).trim().split('\n');
      assert.equal(stored.filter((l) => l.includes('Buy milk')).length, 1, 'the notification is in history');
    });
  }

  it('prints readable lines without --json', async (t) => {
    const { stack, publisher } = s();
    const config = await stack.writeProfile('redis');
    const cli = startCli(['listen', '--config', config, '--email', ALICE.email, '--no-history'], { ECHO_TRAY_PASSWORD: ALICE.password });
    stopAtEnd(t, cli, 'SIGTERM');
    await cli.stderr.nextLine(/^echo-tray: subscribed poster_room$/, 10_000);
    await publisher.publish({
      channels: ['poster_room'],
      event: 'backend_poster',
      data: { msg: 'Poster ☆Spring☆ saved', url: 'https://app.acme.test/posters/7/edit' },
    });
    const line = await cli.stdout.nextLine(() => true, 5000);
    assert.match(
      line,
      /^\[\d\d:\d\d:\d\d\] Backend poster — Poster ☆Spring☆ saved {2}\(poster_room\) {2}https:\/\/app\.acme\.test\/posters\/7\/edit$/,
    );
    cli.child.kill('SIGTERM');
    assert.equal(await cli.exited, 0);
  });

  it('takes a bearer token from $ECHO_TRAY_TOKEN or --token-env, JWT or opaque Sanctum', async (t) => {
    const { stack } = s();
    const config = await stack.writeProfile('redis');
    for (const [env, extra] of [
      [{ ECHO_TRAY_TOKEN: stack.laravel.issueToken(ALICE.id) }, []],
      [{ MY_TOKEN: stack.laravel.issueToken(ALICE.id, { kind: 'sanctum' }) }, ['--token-env', 'MY_TOKEN']],
    ] as const) {
      const cli = startCli(['listen', '--config', config, '--no-history', ...extra], env);
      stopAtEnd(t, cli);
      await cli.stderr.nextLine((l) => l === `echo-tray: subscribed private-todoevent.updated.${ALICE.id}`, 10_000);
      cli.child.kill('SIGINT');
      assert.equal(await cli.exited, 0);
    }
  });

  it('a wrong password, an unreachable app and an answer without a token each say so, exit 2, no retry', async () => {
    const { stack } = s();
    const config = await stack.writeProfile('redis');
    const before = stack.laravel.requests.filter((r) => r.path === '/api/login').length;
    const wrong = await runCli(['listen', '--config', config, '--email', ALICE.email], { ECHO_TRAY_PASSWORD: 'nope' });
    assert.equal(wrong.code, 2);
    assert.ok(wrong.stderr.some((l) => /login failed: wrong email or password/.test(l)), wrong.stderr.join('\n'));
    assert.equal(stack.laravel.requests.filter((r) => r.path === '/api/login').length, before + 1, 'tried once');

    const closedPort = await freePort();
    const unreachable = await stack.writeProfile('redis', { laravel: { url: `http://127.0.0.1:${closedPort}` } });
    const down = await runCli(['listen', '--config', unreachable, '--email', ALICE.email], { ECHO_TRAY_PASSWORD: ALICE.password });
    assert.equal(down.code, 2);
    assert.ok(
      down.stderr.some((l) => l.includes(`login failed: cannot reach http://127.0.0.1:${closedPort}: ECONNREFUSED`)),
      down.stderr.join('\n'),
    );

    const refusedPort = await stack.writeProfile('redis', { laravel: { url: 'http://127.0.0.1:6000' } });
    const badPort = await runCli(['listen', '--config', refusedPort, '--email', ALICE.email], { ECHO_TRAY_PASSWORD: ALICE.password });
    assert.equal(badPort.code, 2);
    assert.ok(!badPort.stderr.some((l) => l.includes('serve it on another port')),
      'port 6000 is tried, not refused as a fetch "bad port" (issue 12.10)');

    stack.laravel.loginResponseShape = 'no-token';
    try {
      const noToken = await runCli(['listen', '--config', config, '--email', ALICE.email], { ECHO_TRAY_PASSWORD: ALICE.password });
      assert.equal(noToken.code, 2);
      assert.ok(noToken.stderr.some((l) => /has no "access_token" or "token" field/.test(l)), noToken.stderr.join('\n'));
    } finally {
      stack.laravel.loginResponseShape = 'jwt';
    }

    const expired = await runCli(
      ['listen', '--config', config],
      { ECHO_TRAY_TOKEN: stack.laravel.issueToken(ALICE.id, { expiresInSeconds: -60 }) },
    );
    assert.equal(expired.code, 2);
    assert.ok(expired.stderr.some((l) => /the token expired at .*: log in again/.test(l)), expired.stderr.join('\n'));
  });

  it('a session that expires mid-stream is noticed on resubscribe and, with a password, renewed once', async (t) => {
    const { stack, publisher } = s();
    const config = await stack.writeProfile('redis');
    const cli = startCli(
      ['listen', '--config', config, '--email', ALICE.email, '--json', '--no-history'],
      { ECHO_TRAY_PASSWORD: ALICE.password },
    );
    const mine = `private-todoevent.updated.${ALICE.id}`;
    const mark = stack.laravel.requests.length;
    const logins = (): number => stack.laravel.requests.slice(mark).filter((r) => r.path === '/api/login').length;
    stopAtEnd(t, cli);
    await cli.stderr.nextLine((l) => l === `echo-tray: subscribed ${mine}`, 10_000);
    assert.equal(logins(), 1, 'the first login');
    stack.laravel.expireAllTokens();
    await stack.redis.kill9();
    await stack.redis.restart();
    // Whichever private channel is re-authorized first meets the 401 (the order is the relay's, not ours).
    await cli.stderr.nextLine((l) => /^echo-tray: session expired private-\S+ 401/.test(l), 15_000);
    await cli.stderr.nextLine((l) => l === 'echo-tray: session expired: logging in again', 5000);
    await cli.stderr.nextLine((l) => l === `echo-tray: subscribed ${mine}`, 15_000);
    await publisher.publish({ channels: [mine], event: 'App\\Events\\TodoEventUpdated', data: { message: 'after renewal' } });
    const line = await cli.stdout.nextLine((l) => l.includes('after renewal'), 10_000);
    assert.match(line, /"channel":"private-todoevent\.updated\.8164"/);
    assert.equal(logins(), 2, 'renewed once: one more login, not one per channel or per retry');
    assert.equal(cli.stderr.lines.filter((l) => l === 'echo-tray: session expired: logging in again').length, 1);
    cli.child.kill('SIGINT');
    assert.equal(await cli.exited, 0);
  });

  it('without a password and without a terminal, says how to give one', async () => {
    const { stack } = s();
    const config = await stack.writeProfile('redis');
    const r = await runCli(['listen', '--config', config, '--email', ALICE.email]);
    assert.equal(r.code, 2);
    assert.ok(r.stderr.some((l) => l.includes('set $ECHO_TRAY_PASSWORD')), r.stderr.join('\n'));
  });
});

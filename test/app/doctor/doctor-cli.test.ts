import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DoctorReport } from '../../../app/doctor/check.js';
import { runCli, startCli } from '../../support/cli.js';
import { LaravelPublisher } from '../../support/laravel-broadcast.js';
import { freePort } from '../../support/ports.js';
import { RelayProcess } from '../../support/relay-process.js';
import { ALICE, stackForSuite } from '../../support/stack.js';
import { loopbackPusher, PUSHER_APP, PUSHER_DRIVER } from '../../support/transport-envs.js';

const LOGIN = { ECHO_TRAY_PASSWORD: ALICE.password };

function parseReport(stdout: readonly string[]): DoctorReport {
  assert.equal(stdout.length, 1, `--json prints one line: ${stdout.join('\n')}`);
  const value: unknown = JSON.parse(stdout[0] ?? '');
  assert.ok(typeof value === 'object' && value !== null && 'ok' in value && 'checks' in value);
  const r = value as DoctorReport;
  for (const c of r.checks) assert.deepEqual(Object.keys(c), ['name', 'ok', 'detail', 'fix']);
  return r;
}

function check(r: DoctorReport, name: string): DoctorReport['checks'][number] {
  const found = r.checks.find((c) => c.name === name);
  assert.ok(found, `no check "${name}" in ${r.checks.map((c) => c.name).join(', ')}`);
  return found;
}

describe('echo-tray doctor (the real CLI against real redis-server + laravel-echo-server)', () => {
  const s = stackForSuite();

  for (const mode of ['socket.io', 'redis'] as const) {
    it(`${mode}: a healthy setup passes every hop, in order, and exits 0`, async () => {
      const { stack } = s();
      const config = await stack.writeProfile(mode);
      const r = await runCli(['doctor', '--config', config, '--email', ALICE.email, '--json', '--watch', '0'], LOGIN);
      const report = parseReport(r.stdout);
      assert.equal(r.code, 0, JSON.stringify(report, null, 2));
      assert.equal(report.ok, true);
      const expected = [
        'laravel',
        'login',
        `channel-auth private-todoevent.updated.${ALICE.id}`,
        `channel-auth private-App.Models.User.${ALICE.id}`,
        'relay',
        ...(mode === 'socket.io' ? ['redis'] : []),
        'prefix',
        'subscriptions',
        'round-trip',
      ];
      assert.deepEqual(report.checks.map((c) => c.name), expected);
      assert.match(check(report, 'login').detail, /user 8164; the token expires at \S+ \(in 60 min\)/);
      assert.match(
        check(report, 'relay').detail,
        mode === 'socket.io' ? /speaks socket\.io v2 \(engine\.io 3\)/ : /answers PING \(Redis \d/,
      );
      assert.match(check(report, 'round-trip').detail, new RegExp(`came back through ${mode.replace('.', '\\.')} as a notification`));
      assert.deepEqual(r.stderr, [], '--json keeps stderr quiet too');
    });
  }

  it('refresh and notifications hops: the new expiry, the paginator understood and counted; broken ones in words', async (t) => {
    const { stack } = s();
    stack.laravel.storeNotification(ALICE.id, 'App\\Notifications\\TaskAssigned', { title: 'Doctor sees me' });
    const laravel = { url: stack.laravel.url, refresh: '/api/refresh', notifications: '/api/notifications' };
    const config = await stack.writeProfile('socket.io', { laravel });
    const r = await runCli(['doctor', '--config', config, '--email', ALICE.email, '--json', '--watch', '0'], LOGIN);
    const report = parseReport(r.stdout);
    assert.equal(r.code, 0, JSON.stringify(report, null, 2));
    const names = report.checks.map((c) => c.name);
    assert.deepEqual(names.slice(4, 6), ['refresh', 'notifications'], 'after the channel authorizations');
    assert.match(check(report, 'refresh').detail, /^refreshed at \/api\/refresh: the new token expires \d{4}-\d\d-\d\dT/);
    const counted = /^\/api\/notifications answers a paginator: \d+ in all, \d+ on the first page \(\d+ unread\)/;
    assert.match(check(report, 'notifications').detail, counted);
    assert.equal(check(report, 'subscriptions').ok, true, 'the later hops go on with the refreshed token');

    stack.laravel.notificationsRoute = 'missing';
    t.after(() => {
      stack.laravel.notificationsRoute = 'paginator';
    });
    const typo = await stack.writeProfile('socket.io', { laravel: { ...laravel, refresh: '/api/refresh-typo' } });
    const args = ['doctor', '--config', typo, '--email', ALICE.email, '--json', '--watch', '0'];
    const broken = parseReport((await runCli(args, LOGIN)).stdout);
    assert.equal(check(broken, 'refresh').ok, false);
    assert.match(check(broken, 'refresh').detail, /answered HTTP 404/);
    assert.equal(check(broken, 'notifications').ok, false);
    assert.match(check(broken, 'notifications').detail, /^\/api\/notifications: HTTP 404/);
    assert.match(check(broken, 'notifications').fix, /notifications\(\)->paginate\(\)/);
  });

  it('with a given token the refresh hop checks the route only: refreshing would log out whoever else holds that token', async () => {
    const { stack } = s();
    const laravel = { url: stack.laravel.url, refresh: '/api/refresh' };
    const config = await stack.writeProfile('redis', { laravel });
    const token = stack.laravel.issueToken(ALICE.id);
    const r = await runCli(['doctor', '--config', config, '--json', '--watch', '0'], { ECHO_TRAY_TOKEN: token });
    const report = parseReport(r.stdout);
    assert.equal(r.code, 0, JSON.stringify(report, null, 2));
    const refresh = check(report, 'refresh');
    assert.match(refresh.detail, /^\/api\/refresh is there, behind the api guard \(HTTP 401 without a token\); not refreshed/);
    assert.equal(stack.laravel.userForToken(token)?.id, ALICE.id, 'the given token still works afterwards');

    const typo = await stack.writeProfile('redis', { laravel: { ...laravel, refresh: '/api/refresh-typo' } });
    const again = await runCli(['doctor', '--config', typo, '--json', '--watch', '0'], { ECHO_TRAY_TOKEN: token });
    const broken = check(parseReport(again.stdout), 'refresh');
    assert.equal(broken.ok, false);
    assert.match(broken.detail, /\/api\/refresh-typo answered HTTP 404/);
    assert.match(broken.fix, /AuthController::refresh/);
  });

  it('the readable report names each hop and ends with a summary', async () => {
    const { stack } = s();
    const config = await stack.writeProfile('socket.io');
    const r = await runCli(['doctor', '--config', config, '--email', ALICE.email, '--watch', '0'], LOGIN);
    assert.equal(r.code, 0, r.stdout.join('\n'));
    assert.equal(r.stdout[0], 'Echo Tray doctor: profile "Acme test" (socket.io)');
    assert.ok(r.stdout.slice(1, -1).every((l) => l.startsWith('  ok    ')), r.stdout.join('\n'));
    assert.equal(r.stdout.at(-1), 'all 9 checks passed');
    assert.ok(r.stderr.some((l) => l.startsWith('echo-tray: checking the relay at ')), 'progress on stderr');
  });

  it('a wrong key prefix: "your profile says X, the server uses Y", exit 2', async (t) => {
    const { stack } = s();
    const config = await stack.writeProfile('redis');
    const app = new LaravelPublisher(stack.redis.url, { prefix: 'acme_database_' });
    t.after(async () => {
      await app.close();
    });
    const cli = startCli(['doctor', '--config', config, '--email', ALICE.email, '--watch', '2'], LOGIN);
    cli.child.stdin.end();
    await cli.stderr.nextLine(/watching Redis for 2 s/, 10_000);
    // The app broadcasts while the doctor watches, with its own prefix.
    await app.publish({
      channels: [`private-todoevent.updated.${ALICE.id}`],
      event: 'App\\Events\\TodoEventUpdated',
      data: { todo: { id: 1 } },
    });
    await app.publish({ channels: ['poster_room'], event: 'backend_poster', data: { msg: 'hi' } });
    assert.equal(await cli.exited, 2);
    const out = cli.stdout.lines.join('\n');
    assert.match(
      out,
      new RegExp(/FAIL {2}prefix: your profile says "laravel_database_", the server uses "acme_database_" /.source
        + /\(2 broadcast\(s\), e\.g\. on "acme_database_private-todoevent\.updated\.8164"\)/.source),
    );
    assert.match(out, /fix: set connection\.prefix to "acme_database_" in the profile\. Laravel takes it from REDIS_PREFIX/);
  });

  it('the right prefix seen in live traffic is confirmed', async (t) => {
    const { stack } = s();
    const config = await stack.writeProfile('socket.io');
    const app = new LaravelPublisher(stack.redis.url);
    t.after(async () => {
      await app.close();
    });
    const cli = startCli(['doctor', '--config', config, '--email', ALICE.email, '--watch', '2'], LOGIN);
    cli.child.stdin.end();
    await cli.stderr.nextLine(/watching Redis for 2 s/, 10_000);
    await app.publish({ channels: ['poster_room'], event: 'backend_poster', data: { msg: 'hi' } });
    assert.equal(await cli.exited, 0, cli.stdout.lines.join('\n'));
    assert.ok(
      cli.stdout.lines.includes(
        '  ok    prefix: the app publishes with "laravel_database_", as the profile says (1 broadcast(s), e.g. on '
          + '"laravel_database_poster_room")',
      ),
      cli.stdout.lines.join('\n'),
    );
  });

  it('an expired token fails the login with the expiry, and the later hops are not checked', async () => {
    const { stack } = s();
    const config = await stack.writeProfile('socket.io');
    const token = stack.laravel.issueToken(ALICE.id, { expiresInSeconds: -60 });
    const r = await runCli(['doctor', '--config', config, '--json', '--watch', '0'], { ECHO_TRAY_TOKEN: token });
    assert.equal(r.code, 2);
    const report = parseReport(r.stdout);
    assert.equal(report.ok, false);
    const login = check(report, 'login');
    assert.equal(login.ok, false);
    assert.match(login.detail, /the token expired at \S+: log in again/);
    assert.match(login.fix, /log in again for a fresh token/);
    assert.match(check(report, 'round-trip').detail, /^not checked: no login/);
    assert.equal(check(report, 'relay').ok, true, 'independent hops are still checked');
  });

  it('a token Laravel no longer accepts (revoked) is refused in words', async () => {
    const { stack } = s();
    const config = await stack.writeProfile('redis');
    const token = stack.laravel.issueToken(ALICE.id);
    stack.laravel.expireAllTokens();
    const r = await runCli(['doctor', '--config', config, '--json', '--watch', '0'], { ECHO_TRAY_TOKEN: token });
    assert.equal(r.code, 2);
    assert.match(
      check(parseReport(r.stdout), 'login').detail,
      /^Laravel refused the token: the token was refused by .*\/api\/user \(HTTP 401\): log in again$/,
    );
  });

  it('a refused channel: 403 from /broadcasting/auth and no subscription through the relay', async () => {
    const { stack } = s();
    const other = 'private-todoevent.updated.42';
    const config = await stack.writeProfile('socket.io', { channels: ['private-todoevent.updated.{userId}', other] });
    const r = await runCli(['doctor', '--config', config, '--email', ALICE.email, '--json', '--watch', '0'], LOGIN);
    assert.equal(r.code, 2);
    const report = parseReport(r.stdout);
    const auth = check(report, `channel-auth ${other}`);
    assert.equal(auth.ok, false);
    assert.equal(auth.detail, `HTTP 403: Laravel refused ${other} for user ${ALICE.id}`);
    assert.match(auth.fix, /routes\/channels\.php/);
    assert.equal(check(report, `channel-auth private-todoevent.updated.${ALICE.id}`).ok, true);
    assert.match(
      check(report, 'subscriptions').detail,
      new RegExp(`${other.replaceAll('.', '\\.')}: refused \\(403\\) for user ${ALICE.id}`),
    );
    assert.equal(check(report, 'round-trip').ok, true, 'the rest still works');
  });

  it('a dead relay: "cannot reach the relay", and the wrong client version: "set connection.socketio to 2"', async () => {
    const { stack } = s();
    const port = await freePort();
    const dead = await stack.writeProfile('socket.io', { connection: { broadcaster: 'socket.io', host: `http://127.0.0.1:${port}` } });
    const r = await runCli(['doctor', '--config', dead, '--email', ALICE.email, '--json', '--watch', '0'], LOGIN);
    assert.equal(r.code, 2);
    const report = parseReport(r.stdout);
    const relay = check(report, 'relay');
    assert.equal(relay.detail, `cannot reach the relay at http://127.0.0.1:${port}: ECONNREFUSED (connect ECONNREFUSED 127.0.0.1:${port})`);
    assert.match(relay.fix, /start the relay \(laravel-echo-server start\), or correct connection\.host/);
    assert.equal(check(report, 'subscriptions').detail, 'not checked: the relay check failed');

    const v4 = await stack.writeProfile('socket.io', { connection: { broadcaster: 'socket.io', host: stack.echo?.url, socketio: 4 } });
    const r4 = await runCli(['doctor', '--config', v4, '--email', ALICE.email, '--json', '--watch', '0'], LOGIN);
    assert.equal(r4.code, 2);
    const relay4 = check(parseReport(r4.stdout), 'relay');
    assert.match(
      relay4.detail,
      new RegExp(/speaks socket\.io v2 \(engine\.io 3\), as laravel-echo-server 1\.x, /.source
        + /but the profile asks for socket\.io client 4, which cannot connect to it/.source),
    );
    assert.equal(relay4.fix, 'set connection.socketio to 2 in the profile');
  });

  it('pusher: the server accepts the app key; a wrong key fails with 4001 and says which key to set', async (t) => {
    const { stack } = s();
    const relay = await RelayProcess.start({ kind: 'pusher', app: PUSHER_APP, flavour: 'pusher' });
    stack.laravel.pusherDriver = PUSHER_DRIVER;
    t.after(async () => {
      stack.laravel.pusherDriver = undefined;
      await relay.stop();
    });
    const connection = loopbackPusher(relay.port, { reconnectionDelay: 50, reconnectionDelayMax: 400, subscribeTimeout: 3000 });
    const good = await stack.writeProfile('socket.io', { connection, redis: undefined });
    const r = await runCli(['doctor', '--config', good, '--email', ALICE.email, '--json', '--watch', '0'], LOGIN);
    const report = parseReport(r.stdout);
    assert.equal(r.code, 0, JSON.stringify(report, null, 2));
    assert.match(check(report, 'relay').detail, /accepted app key "echo-tray-key", speaking Pusher protocol 7/);
    assert.match(check(report, 'subscriptions').detail, /^subscribed through pusher: private-todoevent\.updated\.8164/);
    assert.match(check(report, 'round-trip').detail, /^not sent: with pusher, Laravel publishes through the server's HTTP API/);

    const wrong = await stack.writeProfile('socket.io', { connection: { ...connection, key: 'not-the-key' }, redis: undefined });
    const r2 = await runCli(['doctor', '--config', wrong, '--email', ALICE.email, '--json', '--watch', '0'], LOGIN);
    assert.equal(r2.code, 2);
    const relay2 = check(parseReport(r2.stdout), 'relay');
    assert.match(relay2.detail, /refused the app key: .*4001/);
    assert.match(relay2.fix, /^set connection\.key to the app key the server knows/);
  });

  it('a dead Redis in Redis mode, and no credentials at all, each say so', async () => {
    const { stack } = s();
    const port = await freePort();
    const config = await stack.writeProfile(
      'redis',
      { connection: { broadcaster: 'redis', url: `redis://127.0.0.1:${port}` }, redis: undefined },
    );
    const r = await runCli(['doctor', '--config', config, '--json', '--watch', '0']);
    assert.equal(r.code, 2);
    const report = parseReport(r.stdout);
    assert.match(check(report, 'login').detail, /^no credentials: pass --email/);
    const relay = check(report, 'relay');
    assert.match(relay.detail, new RegExp(`^cannot reach redis://127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
    assert.match(relay.fix, /check the Redis URL in the profile/);
  });
});

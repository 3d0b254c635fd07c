// Fault: the login token expires (or is revoked) while the notifier runs. Nothing happens until
// the next (re)subscription, when every private channel is authorized again: the notifier must
// notice then, say so once, keep public channels going, and not hammer /broadcasting/auth.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type CliRun, startCli, stopAtEnd } from '../support/cli.js';
import type { ManagedServer } from '../support/managed-server.js';
import { ALICE, stackForSuite, type Stack } from '../support/stack.js';

const MINE = `private-todoevent.updated.${ALICE.id}`;
const NOTIFY = `private-App.Models.User.${ALICE.id}`;
const PRIVATE = [MINE, NOTIFY];
const RECONNECTS = 5;

function authCount(stack: Stack, since: number): number {
  return stack.laravel.requests.slice(since).filter((r) => r.path === '/broadcasting/auth').length;
}

/** Kills and restarts `server`, then waits until the CLI has reported every private channel again. */
async function reconnect(cli: CliRun, server: ManagedServer, line: (channel: string) => RegExp): Promise<void> {
  await server.kill9();
  await server.restart();
  for (const channel of PRIVATE) await cli.stderr.nextLine(line(channel), 15_000);
}

describe('fault: the token expires mid-session', () => {
  const s = stackForSuite();

  const expiredLine = (channel: string): RegExp => new RegExp(`^echo-tray: session expired ${channel.replaceAll('.', '\\.')} 401`);

  it('socket.io, with a bearer token: noticed on the next resubscribe, said once, one authorization per channel per reconnect',
    async (t) => {
    const { stack, publisher } = s();
    const config = await stack.writeProfile(
      'socket.io',
      { connection: {
        broadcaster: 'socket.io',
        host: stack.echo?.url,
        reconnectionDelay: 50,
        reconnectionDelayMax: 400,
        subscribeTimeout: 500,
      } },
    );
    const cli = startCli(['listen', '--config', config, '--json', '--no-history'], { ECHO_TRAY_TOKEN: stack.laravel.issueToken(ALICE.id) });
    const echo = stack.echo;
    assert.ok(echo);
    stopAtEnd(t, cli);
    for (const c of PRIVATE) await cli.stderr.nextLine(new RegExp(`^echo-tray: subscribed ${c.replaceAll('.', '\\.')}$`), 10_000);
    stack.laravel.expireAllTokens();
    const mark = stack.laravel.requests.length;
    for (let i = 0; i < RECONNECTS; i++) await reconnect(cli, echo, expiredLine);
    const said = cli.stderr.lines.filter((l) => l.startsWith('echo-tray: session expired (Laravel answered 401'));
    assert.equal(said.length, 1, said.join('\n'));
    assert.match(said[0] ?? '', /: log in again with a fresh token in \$ECHO_TRAY_TOKEN$/);
    const asked = authCount(stack, mark);
    // laravel-echo-server asks Laravel once per private channel on each resubscribe: no more, no fewer.
    assert.equal(
      asked,
      RECONNECTS * PRIVATE.length,
      `${asked} authorizations for ${RECONNECTS} reconnects of ${PRIVATE.length} private channels`,
    );

    await publisher.publish({ channels: ['poster_room'], event: 'backend_poster', data: { msg: 'public still works' } });
    await cli.stdout.nextLine((l) => l.includes('public still works'), 5_000);
    cli.child.kill('SIGINT');
    assert.equal(await cli.exited, 0);
  });

  it('Redis mode, with a bearer token: after the first 401 the dead token is not sent again', async (t) => {
    const { stack } = s();
    const config = await stack.writeProfile('redis');
    const cli = startCli(['listen', '--config', config, '--json', '--no-history'], { ECHO_TRAY_TOKEN: stack.laravel.issueToken(ALICE.id) });
    stopAtEnd(t, cli);
    for (const c of PRIVATE) await cli.stderr.nextLine(new RegExp(`^echo-tray: subscribed ${c.replaceAll('.', '\\.')}$`), 10_000);
    stack.laravel.expireAllTokens();
    const mark = stack.laravel.requests.length;
    for (let i = 0; i < RECONNECTS; i++) await reconnect(cli, stack.redis, expiredLine);
    assert.equal(authCount(stack, mark), PRIVATE.length, 'only the first reconnect asks, once per private channel');
    assert.equal(cli.stderr.lines.filter((l) => l.startsWith('echo-tray: session expired (Laravel answered 401')).length, 1);
    cli.child.kill('SIGINT');
    assert.equal(await cli.exited, 0);
  });

  it('Redis mode, with email and password: logs in again once and every channel comes back', async (t) => {
    const { stack, publisher } = s();
    const config = await stack.writeProfile('redis');
    const cli = startCli(
      ['listen', '--config', config, '--email', ALICE.email, '--json', '--no-history'],
      { ECHO_TRAY_PASSWORD: ALICE.password },
    );
    stopAtEnd(t, cli);
    for (const c of PRIVATE) await cli.stderr.nextLine(new RegExp(`^echo-tray: subscribed ${c.replaceAll('.', '\\.')}$`), 10_000);
    stack.laravel.expireAllTokens();
    const mark = stack.laravel.requests.length;
    await stack.redis.kill9();
    await stack.redis.restart();
    await cli.stderr.nextLine(/^echo-tray: session expired: logging in again$/, 15_000);
    for (const c of PRIVATE) await cli.stderr.nextLine(new RegExp(`^echo-tray: subscribed ${c.replaceAll('.', '\\.')}$`), 15_000);
    assert.equal(stack.laravel.requests.slice(mark).filter((r) => r.path === '/api/login').length, 1, 'one login');
    await publisher.publish({ channels: [MINE], event: 'App\\Events\\TodoEventUpdated', data: { message: 'private again' } });
    await cli.stdout.nextLine((l) => l.includes('private again'), 5_000);
    cli.child.kill('SIGINT');
    assert.equal(await cli.exited, 0);
  });
});

import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startCli, stopAtEnd } from '../../support/cli.js';
import { FakeLaravel } from '../../support/fake-laravel.js';
import { PusherProtocolServer } from '../../support/pusher-protocol-server.js';
import { PusherPublisher } from '../../support/pusher-publisher.js';
import { ALICE } from '../../support/stack.js';
import { PUSHER_APP, PUSHER_DRIVER } from '../../support/transport-envs.js';

describe('echo-tray listen with "broadcaster": "reverb" (the real CLI against the Pusher-protocol test server)', () => {
  let server: PusherProtocolServer;
  let laravel: FakeLaravel;
  let dir: string;
  before(async () => {
    server = await PusherProtocolServer.start({ app: PUSHER_APP, flavour: 'reverb' });
    laravel = new FakeLaravel({ users: [ALICE], pusher: PUSHER_DRIVER });
    await laravel.start();
    dir = await mkdtemp(join(tmpdir(), 'echo-tray-cli-pusher-'));
  });
  after(async () => {
    await server.stop();
    await laravel.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function profile(key: string): Promise<string> {
    const path = join(dir, `${key}.json`);
    const connection = { broadcaster: 'reverb', key, wsHost: '127.0.0.1', wsPort: server.port, forceTLS: false, reconnectionDelay: 50 };
    await writeFile(
      path,
      JSON.stringify({ name: 'Reverb test', laravel: { url: laravel.url }, connection, channels: ['private-todoevent.updated.{userId}'] }),
    );
    return path;
  }

  it('says which server and protocol it is connected to, and prints the events', async (t) => {
    const cli = startCli(
      ['listen', '--config', await profile(PUSHER_APP.key), '--email', ALICE.email, '--json', '--no-history'],
      { ECHO_TRAY_PASSWORD: ALICE.password },
    );
    stopAtEnd(t, cli);
    await cli.stderr.nextLine(/^echo-tray: subscribed private-todoevent\.updated\.8164$/, 10_000);
    assert.ok(
      cli.stderr.lines.includes(
        `echo-tray: connected to ws://127.0.0.1:${server.port}/app/${PUSHER_APP.key} via Reverb protocol 7 (pusher-js)`,
      ),
      cli.stderr.lines.join('\n'),
    );
    await new PusherPublisher(server.url, PUSHER_APP).publish({
      channels: [`private-todoevent.updated.${ALICE.id}`],
      event: 'App\\Events\\TodoEventUpdated',
      data: { message: 'Buy milk' },
    });
    const line: unknown = JSON.parse(await cli.stdout.nextLine(() => true, 5000));
    assert.equal((line as { body?: unknown }).body, 'Buy milk');
    cli.child.kill('SIGINT');
    assert.equal(await cli.exited, 0);
  });

  it('ends with exit code 2 and the reason when the server refuses the app key (4001)', async () => {
    const cli = startCli(
      ['listen', '--config', await profile('no-such-key'), '--email', ALICE.email, '--no-history'],
      { ECHO_TRAY_PASSWORD: ALICE.password },
    );
    cli.child.stdin.end();
    assert.equal(await cli.exited, 2);
    assert.ok(
      cli.stderr.lines.some((l) => /^echo-tray: offline: .*4001 application does not exist: check connection\.key/.test(l)),
      cli.stderr.lines.join('\n'),
    );
  });
});

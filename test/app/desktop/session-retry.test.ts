import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LaravelClient } from '../../../app/auth/laravel-client.js';
import { AppController } from '../../../app/desktop/app-controller.js';
import { EchoCore, type EchoCoreDeps } from '../../../app/core/echo-core.js';
import { HistoryStore } from '../../../app/history/history-store.js';
import { MemoryLogger } from '../../../app/log.js';
import { MemoryPreferencesStore, MemoryTokenVault } from '../../../app/preview/preview-ports.js';
import { parseProfile } from '../../../app/profile/profile.js';
import { FakeLaravel } from '../../support/fake-laravel.js';
import { FakeClock } from './fake-clock.js';
import { ScriptedBroadcaster } from './scripted-broadcaster.js';

const ALICE = { id: 8164, name: 'Alice', email: 'alice@example.test', password: 'secret' } as const;
const BOB = { id: 42, name: 'Bob', email: 'bob@example.test', password: 'hunter2' } as const;
/** A token without `sub` (an opaque API token): restoring it needs `laravel.me`, i.e. the network. */
const OPAQUE = 'opaque-api-token-of-alice';
const RETRY_MS = 30_000;

describe('restoring a stored session while Laravel cannot be reached', () => {
  const laravel = new FakeLaravel({ users: [ALICE, BOB] });
  let dir: string;
  before(async () => {
    await laravel.start();
    dir = await mkdtemp(join(tmpdir(), 'echo-tray-session-retry-'));
  });
  after(async () => {
    await laravel.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function start(name: string) {
    const { profile } = parseProfile({
      name: 'Acme test',
      laravel: { url: laravel.url },
      connection: { broadcaster: 'socket.io', host: 'http://127.0.0.1:9' },
      channels: ['poster_room'],
    });
    const client = new LaravelClient(profile.laravel);
    /** `laravel.me` calls with the stored token (a password login asks it for the new token's user too). */
    const meCalls: string[] = [];
    const me = client.me.bind(client);
    client.me = (token) => {
      if (token === OPAQUE) meCalls.push(token);
      return me(token);
    };
    const vault = new MemoryTokenVault({ token: OPAQUE, email: ALICE.email });
    const clock = new FakeClock(new Date());
    const controller = new AppController({
      profile,
      locked: true,
      vault,
      preferences: new MemoryPreferencesStore(),
      history: await HistoryStore.open(join(dir, `${name}.jsonl`)),
      logger: new MemoryLogger(),
      opener: { open: async () => undefined },
      laravel: client,
      // A broadcaster link that connects at once and accepts every channel (this test is about the login).
      coreFactory: (d: EchoCoreDeps) => new EchoCore({ ...d, transportFactory: new ScriptedBroadcaster().factory }),
      clock,
    });
    laravel.setDown('reset');
    await controller.start();
    laravel.setDown(false);
    return { controller, vault, clock, meCalls };
  }

  it('says it is trying again, and tries again on the app clock', async () => {
    const { controller, clock, meCalls } = await start('retry');
    try {
      assert.equal(controller.sessionState.state, 'logging-in');
      assert.match(controller.sessionState.message ?? '', /cannot reach .*; trying again in 30 seconds$/);
      assert.deepEqual(meCalls, [OPAQUE]);
      clock.advance(RETRY_MS - 1);
      assert.equal(meCalls.length, 1, 'not before 30 s');
      clock.advance(1);
      assert.deepEqual(meCalls, [OPAQUE, OPAQUE], 'the stored token is tried again');
    } finally {
      await controller.stop();
    }
  });

  it('a login meanwhile cancels the retry: the stored token never replaces the new session', async () => {
    const { controller, vault, clock, meCalls } = await start('login');
    try {
      const result = await controller.login(BOB.email, BOB.password);
      assert.equal(result.ok, true);
      clock.advance(2 * RETRY_MS);
      assert.deepEqual(meCalls, [OPAQUE], 'Alice\'s old token is not tried again');
      assert.equal(controller.sessionState.state, 'logged-in');
      assert.equal(controller.sessionState.email, BOB.email);
      assert.equal((await vault.load())?.email, BOB.email);
    } finally {
      await controller.stop();
    }
  });

  it('logging out or stopping cancels the retry', async () => {
    for (const end of ['logout', 'stop'] as const) {
      const { controller, clock, meCalls } = await start(end);
      try {
        if (end === 'logout') await controller.handle('session:logout', []);
        else await controller.stop();
        clock.advance(2 * RETRY_MS);
        assert.deepEqual(meCalls, [OPAQUE], end);
      } finally {
        await controller.stop();
      }
    }
  });
});

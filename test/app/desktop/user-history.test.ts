// Issue 12.1: on a shared computer one user's history is never shown to another. Driven through
// the preview (the desktop app's AppController, a real Redis, the fake Laravel), as the issue says.
import assert from 'node:assert/strict';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { PushMap } from '../../../app/bridge/contract.js';
import { BridgeArgError, validateInvokeArgs } from '../../../app/bridge/validate-args.js';
import type { AppController } from '../../../app/desktop/app-controller.js';
import { formatNote } from '../../../app/history/history-record.js';
import { once } from '../../support/events.js';
import { notificationPayload } from '../../support/laravel-broadcast.js';
import { ALICE, BOB } from '../../support/stack.js';
import { startPreviewStack, type PreviewStack } from '../../renderer/support/preview-stack.js';

const subscribed = (c: AppController) =>
  once<PushMap['push:channels']>(c, 'push:channels', {
    timeoutMs: 10_000,
    filter: (list) => list.length > 0 && list.every((ch) => ch.state === 'subscribed' || ch.state === 'denied'),
  });

async function logIn(env: PreviewStack, user: { email: string; password: string }): Promise<void> {
  const ready = subscribed(env.preview.controller);
  const result = await env.preview.controller.handle('session:login', [user.email, user.password]);
  assert.ok(result.ok, JSON.stringify(result));
  await ready;
}

async function receive(env: PreviewStack, userId: number, message: string): Promise<void> {
  const c = env.preview.controller;
  const stored = once<PushMap['push:history']>(c, 'push:history', {
    timeoutMs: 10_000,
    filter: (u) => u.kind === 'added' && u.entries.some((e) => e.body === message),
  });
  await env.publisher.publish(notificationPayload(userId, 'App\\Notifications\\Private', { message }));
  await stored;
}

const OLD = '2026-11-01T10:00:00.000Z';

const bodies = async (c: AppController): Promise<string[]> => (await c.handle('history:list', [{ limit: 100 }])).items.map((e) => e.body);

describe('per-user history (issue 12.1)', () => {
  let env: PreviewStack;
  let dir: string;
  before(async () => {
    env = await startPreviewStack({ channels: ['private-App.Models.User.{userId}'] });
    dir = env.stack.dir;
  });
  after(async () => env?.stop());

  it('Alice logs out, Bob logs in: history:list shows none of Alice\'s; Alice sees hers again', async () => {
    const c = env.preview.controller;
    await logIn(env, ALICE);
    await receive(env, ALICE.id, 'Alice: salary review');
    assert.deepEqual(await bodies(c), ['Alice: salary review']);
    await c.handle('session:logout', []);
    assert.deepEqual(await bodies(c), [], 'logged out: nothing shown');
    assert.equal(c.state().unread, 0);

    await logIn(env, BOB);
    assert.deepEqual(await bodies(c), [], 'Bob sees none of Alice\'s');
    await receive(env, BOB.id, 'Bob: parcel');
    assert.deepEqual(await bodies(c), ['Bob: parcel']);
    await c.handle('session:logout', []);

    await logIn(env, ALICE);
    assert.deepEqual(await bodies(c), ['Alice: salary review'], 'kept for Alice');
    await c.handle('session:logout', []);
  });

  it('"forget this computer" deletes that user\'s history and no one else\'s', async () => {
    const c = env.preview.controller;
    await logIn(env, BOB);
    assert.deepEqual(await bodies(c), ['Bob: parcel']);
    const result = await c.handle('session:logout', [{ forget: true }]);
    assert.equal(result.state, 'logged-out');
    await logIn(env, BOB);
    assert.deepEqual(await bodies(c), [], 'Bob\'s history is gone');
    await c.handle('session:logout', []);
    await logIn(env, ALICE);
    assert.deepEqual(await bodies(c), ['Alice: salary review'], 'Alice\'s is untouched');
    await c.handle('session:logout', []);
  });

  it('session:logout takes no argument or {forget: boolean}, nothing else', () => {
    assert.deepEqual(validateInvokeArgs('session:logout', []), []);
    assert.deepEqual(validateInvokeArgs('session:logout', [{ forget: true }]), [{ forget: true }]);
    for (const bad of [[true], [{ forget: 'yes' }], [{ forget: true, path: '/' }], [{}, {}]]) {
      assert.throws(() => validateInvokeArgs('session:logout', bad), BridgeArgError);
    }
  });

  it('a per-profile history from before goes to the user whose session the app held; otherwise it is set aside unread', async (t) => {
    const legacy = (path: string, body: string) =>
      writeFile(
        path,
        formatNote({ id: `old-${body}`, channel: `private-App.Models.User.${ALICE.id}`, event: 'e', title: 'Old', body, url: '',
          receivedAt: OLD, urgency: 'normal' }, false),
      );
    const held = join(dir, 'held-history.jsonl');
    await legacy(held, 'kept for Alice');
    const restored = await startPreviewStack({ channels: ['private-App.Models.User.{userId}'] }, { login: ALICE.id, historyPath: held });
    try {
      assert.deepEqual(await bodies(restored.preview.controller), ['kept for Alice']);
    } finally {
      await restored.stop();
    }

    const orphan = join(dir, 'orphan-history.jsonl');
    await legacy(orphan, 'whose?');
    const fresh = await startPreviewStack({ channels: ['private-App.Models.User.{userId}'] }, { historyPath: orphan });
    t.after(async () => {
      await fresh.stop();
    });
    await logIn(fresh, BOB);
    assert.deepEqual(await bodies(fresh.preview.controller), [], 'not shown to Bob');
    const files = await readdir(dir);
    assert.ok(!files.includes('orphan-history.jsonl'));
    assert.ok(files.some((f) => f.startsWith('orphan-history.jsonl.set-aside-')), files.join(', '));
    await fresh.preview.controller.handle('session:logout', []);
    await logIn(fresh, ALICE);
    assert.deepEqual(await bodies(fresh.preview.controller), [], 'nor to anyone later');
  });
});

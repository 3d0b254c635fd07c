import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Delivery } from '../../../app/core/echo-core.js';
import { once } from '../../support/events.js';
import { ALICE } from '../../support/stack.js';
import { FakeClock } from '../desktop/fake-clock.js';
import { channelsIn, startPreviewStack, type PreviewStack } from '../../renderer/support/preview-stack.js';

/** Local times, as quiet hours are. */
const local = (h: number, m = 0): Date => new Date(2026, 11, 2, h, m);

describe('the preview prints what the desktop app would really raise (the same NotificationPolicy)', () => {
  let env: PreviewStack;
  const clock = new FakeClock(local(12));
  before(async () => {
    env = await startPreviewStack({}, { login: ALICE.id, clock });
    await channelsIn(env.preview, ['poster_room'], 'subscribed');
  });
  after(async () => {
    await env.stop();
  });

  async function publish(msg: string): Promise<void> {
    const delivered = once<[Delivery]>(env.preview.controller, 'delivery', { timeoutMs: 5000, filter: (d) => d.notification.body === msg });
    await env.publisher.publish({ channels: ['poster_room'], event: 'backend_poster', data: { msg } });
    await delivered;
  }

  it('a burst raises its first notices and then one summary; quiet hours and a pause raise none, and say so', async () => {
    const c = env.preview.controller;
    await c.handle('settings:update', [{ coalesce: { enabled: true, threshold: 1, windowMs: 10_000 } }]);
    env.printed.length = 0;
    await publish('one');
    await publish('two');
    await publish('three');
    assert.deepEqual(env.printed, ['notification: Backend poster — one  [poster_room]'], 'two and three wait for the summary');
    clock.advance(10_000);
    assert.deepEqual(env.printed.slice(1), ['notification: 2 updates in poster_room — Latest: Backend poster  [poster_room]']);

    clock.advance(60_000);
    await c.handle('settings:update', [{ quietHours: { enabled: true, start: '11:00', end: '13:00' } }]);
    assert.deepEqual(c.state().quiet, { kind: 'quiet-hours', until: local(13).toISOString() });
    env.printed.length = 0;
    await publish('hush');
    assert.deepEqual(env.printed, ['notification (quiet: no pop-up): Backend poster — hush  [poster_room]']);

    const until = local(14).toISOString();
    await c.handle('settings:update', [{ quietHours: { enabled: false }, pausedUntil: until }]);
    assert.deepEqual(c.state().quiet, { kind: 'paused', until });
    await publish('later');
    assert.equal(env.printed.at(-1), 'notification (paused: no pop-up): Backend poster — later  [poster_room]');
    await c.handle('settings:update', [{ pausedUntil: null }]);
    assert.equal(c.state().quiet, null);
  });
});

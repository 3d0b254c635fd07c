import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sharedLaravel, startHarness, TODO_CHANNEL } from './desktop-harness.js';

const TODO_EVENT = 'App\\Events\\TodoEventUpdated';

describe('desktop app shutdown (what quitting does before the process exits)', () => {
  const { laravel } = sharedLaravel();

  it('stops every timer, IPC handler, push and notification, once even when asked twice', async () => {
    const h = await startHarness({ laravel });
    try {
      await h.login();
      // A burst: three notifications, the rest held for one summary (a flush timer is waiting).
      const item = (i: number): Record<string, unknown> => ({ todo: { id: i + 1, title: `Item ${i + 1}` } });
      await Promise.all(Array.from({ length: 5 }, (_, i) => h.deliver(TODO_CHANNEL, TODO_EVENT, item(i))));
      const toast = h.electron.notifications.at(-1);
      assert.equal(toast?.shown, true, 'an OS notification is on screen');
      assert.equal(h.electron.notifications.length, 3);
      assert.ok(h.electron.ipcMain.channels.length > 0);
      assert.ok(h.clock.pending > 0, 'the network poll and the tray re-check are waiting');
      const transport = h.transport();
      const win = h.window();

      const first = h.desktop.shutdown();
      assert.equal(h.desktop.shutdown(), first, 'a second request joins the first');
      await first;

      assert.equal(transport.stopped, true);
      assert.equal(h.tray().isDestroyed(), true);
      assert.equal(toast?.closed, true, 'the notifications on screen are taken back');
      assert.deepEqual(h.electron.ipcMain.channels, [], 'no IPC handler is left');
      assert.equal(h.clock.pending, 0, 'no timer is left: network poll, tray re-check, notification bursts');

      const sent = win.webContents.sent.length;
      h.desktop.controller.emit('push:settings', h.desktop.controller.settings);
      assert.equal(win.webContents.sent.length, sent, 'no push reaches the window any more');
      h.electron.powerMonitor.emit('resume');
      h.electron.net.online = false;
      h.clock.advance(60_000);
      assert.deepEqual(transport.reconnects, [], 'sleep and network changes are no longer watched');
      assert.equal(h.electron.notifications.length, 3, 'the held burst is dropped, not summarized after the quit');
    } finally {
      await h.stop();
    }
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALICE, sharedLaravel, startHarness, TODO_CHANNEL } from './desktop-harness.js';

const TODO_EVENT = 'App\\Events\\TodoEventUpdated';

describe('the ways the desktop app opens its window', () => {
  const { laravel } = sharedLaravel();

  it('a second launch while the first is still starting shows the window once it can', async () => {
    const h = await startHarness({
      laravel,
      argv: ['echo-tray', '--hidden'],
      beforeStart: (electron) => {
        const ready = electron.app.whenReady.bind(electron.app);
        electron.app.whenReady = async () => {
          await ready();
          electron.app.launchAgain();
        };
      },
    });
    try {
      assert.equal((await h.windowLoaded()).visible, true);
      assert.equal(h.electron.windows.length, 1);
    } finally {
      await h.stop();
    }
  });

  for (const opened of [true, false]) {
    it(`macOS: ${opened ? 'started by the login item it stays in the tray' : 'started by the user it shows the window'}`, async () => {
      const h = await startHarness({
        laravel,
        platform: 'darwin',
        beforeStart: (electron) => {
          electron.app.wasOpenedAtLogin = opened;
        },
      });
      try {
        assert.equal(h.electron.windows.length, opened ? 0 : 1);
      } finally {
        await h.stop();
      }
    });
  }

  it('logged out, the tray\'s "Log in…" and "Open" items show the window', async () => {
    for (const label of ['Log in…', 'Open Echo Tray']) {
      const h = await startHarness({ laravel, argv: ['echo-tray', '--hidden'] });
      try {
        h.tray().menu?.click(label);
        assert.equal((await h.windowLoaded()).visible, true, label);
      } finally {
        await h.stop();
      }
    }
  });

  it('when no browser takes the link, clicking the notification shows the item in the window', async () => {
    let browserAsked: () => void = () => undefined;
    const asked = new Promise<void>((resolve) => {
      browserAsked = resolve;
    });
    const h = await startHarness({
      laravel,
      argv: ['echo-tray', '--hidden'],
      beforeStart: (electron) => {
        electron.shell.openExternal = () => {
          browserAsked();
          return Promise.reject(new Error('no default browser'));
        };
      },
    });
    try {
      await h.desktop.controller.login(ALICE.email, ALICE.password);
      await h.deliver(TODO_CHANNEL, TODO_EVENT, { todo: { id: 4, title: 'Call back' } });
      const [item] = h.desktop.controller.recent(1);
      h.electron.notifications.at(-1)?.click();
      await asked;
      // The refusal travels back through the controller's promise chain: let it settle.
      await new Promise((resolve) => setImmediate(resolve));
      const win = await h.windowLoaded();
      assert.equal(win.visible, true);
      assert.deepEqual(win.webContents.pushesOn('push:show-item'), [[item?.id]]);
    } finally {
      await h.stop();
    }
  });
});

import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import type { OsNotice } from '../../app/desktop/notification-policy.js';
import { MemoryLogger } from '../../app/log.js';
import { OsNotifier } from '../../main/os-notifier.js';
import { createFakeElectron, type FakeElectron } from './fake-electron.js';

type Item = Extract<OsNotice, { kind: 'item' }>['notification'];

/** Only the fields OsNotifier reads. */
function item(id: string, title = `Item ${id}`, urgency: Item['urgency'] = 'normal'): Item {
  return { id, title, body: `body ${id}`, urgency } as Item;
}

describe('OsNotifier: native notifications, kept referenced until they end, at most maxKept', () => {
  let electron: FakeElectron;
  let logger: MemoryLogger;
  let itemClicks: string[];
  let summaryClicks: string[];
  const notifier = (maxKept?: number): OsNotifier =>
    new OsNotifier({
      Notification: electron.Notification,
      iconPath: '/icons/app.png',
      platform: 'darwin',
      logger,
      onItemClick: (id) => itemClicks.push(id),
      onSummaryClick: (channel) => summaryClicks.push(channel),
      ...(maxKept === undefined ? {} : { maxKept }),
    });

  beforeEach(async () => {
    electron = createFakeElectron({});
    await electron.app.whenReady();
    logger = new MemoryLogger();
    itemClicks = [];
    summaryClicks = [];
  });

  it('shows an item with its urgency; a click opens it and releases the notification', () => {
    const n = notifier();
    n.show({ kind: 'item', notification: item('a', 'Ship it', 'critical') });
    const [shown] = electron.notifications;
    assert.ok(shown?.onScreen);
    assert.deepEqual(shown.options, { title: 'Ship it', body: 'body a', icon: '/icons/app.png', urgency: 'critical',
      timeoutType: 'never' });
    assert.equal(n.kept, 1);
    shown.click();
    assert.deepEqual(itemClicks, ['a']);
    assert.equal(n.kept, 0);
  });

  it('a normal item times out as usual; a blank title shows the product name', () => {
    notifier().show({ kind: 'item', notification: item('b', '  ') });
    assert.equal(electron.notifications[0]?.options.title, 'Echo Tray');
    assert.equal(electron.notifications[0]?.options.timeoutType, 'default');
  });

  it('a summary click opens its channel; a prompt runs its own action', () => {
    const n = notifier();
    n.show({ kind: 'summary', channel: 'orders', title: '5 new', body: 'Orders' } as OsNotice);
    let prompted = 0;
    n.prompt({ title: 'Log in again', body: 'Your session ended', onClick: () => prompted++ });
    electron.notifications[0]?.click();
    electron.notifications[1]?.click();
    assert.deepEqual(summaryClicks, ['orders']);
    assert.equal(prompted, 1);
    assert.equal(electron.notifications[0]?.options.urgency, 'normal');
    assert.deepEqual(electron.notifications[1]?.options, { title: 'Log in again', body: 'Your session ended', icon: '/icons/app.png',
      urgency: 'normal', timeoutType: 'default' });
  });

  it('a close or a failure releases the notification; the failure is logged', () => {
    const n = notifier();
    n.show({ kind: 'item', notification: item('c') });
    electron.notificationServer.failNextShow = 'toast refused';
    n.show({ kind: 'item', notification: item('d') });
    assert.equal(n.kept, 1, 'the failed one is released');
    assert.deepEqual(logger.lines.map((l) => [l.message, l.fields.error]), [['a notification could not be shown', 'toast refused']]);
    electron.notifications[0]?.dismiss();
    assert.equal(n.kept, 0);
  });

  it('when notifications are unsupported nothing is created and the reason is logged', () => {
    electron.notificationServer.supported = false;
    const n = notifier();
    n.show({ kind: 'item', notification: item('e', 'Hidden') });
    assert.equal(electron.notifications.length, 0);
    assert.equal(n.kept, 0);
    assert.deepEqual(logger.lines.map((l) => [l.level, l.message, l.fields.title]), [
      ['warn', 'native notifications are not supported here', 'Hidden'],
    ]);
  });

  it('a server that never reports closes: the default cap keeps the newest 50, oldest dropped first', () => {
    electron.notificationServer.reportsClose = false;
    const n = notifier();
    for (let i = 0; i < 51; i++) n.show({ kind: 'item', notification: item(String(i)) });
    assert.equal(n.kept, 50);
    for (const toast of electron.notifications) toast.dismiss();
    assert.equal(n.kept, 50, 'no close was reported');
    // The newest is still referenced, so its click still works after the cap dropped the oldest.
    n.show({ kind: 'item', notification: item('52') });
    assert.equal(n.kept, 50);
    electron.notifications.at(-1)?.click();
    assert.deepEqual(itemClicks, ['52']);
    assert.equal(n.kept, 49);
  });

  it('a smaller cap is honoured exactly', () => {
    electron.notificationServer.reportsClose = false;
    const n = notifier(2);
    for (const id of ['x', 'y', 'z']) n.show({ kind: 'item', notification: item(id) });
    assert.equal(n.kept, 2);
  });

  it('closeAll closes every toast still on screen and forgets them', () => {
    const n = notifier();
    for (const id of ['p', 'q']) n.show({ kind: 'item', notification: item(id) });
    n.closeAll();
    assert.equal(n.kept, 0);
    assert.deepEqual(electron.notifications.map((t) => t.onScreen), [false, false]);
  });
});

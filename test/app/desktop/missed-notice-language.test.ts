import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Delivery } from '../../../app/core/echo-core.js';
import { NotificationPolicy, type OsNotice } from '../../../app/desktop/notification-policy.js';
import { DEFAULT_SETTINGS } from '../../../app/desktop/settings.js';
import { createTranslator } from '../../../app/i18n/index.js';
import { FakeClock } from './fake-clock.js';

function missed(id: string, title: string): Delivery {
  const channel = 'private-App.Models.User.8164';
  const event = 'Illuminate\\Notifications\\Events\\BroadcastNotificationCreated';
  return {
    notification: { id, channel, event, title, body: '', url: '', receivedAt: '2026-11-23T09:00:00.000Z', urgency: 'normal' },
    muted: false,
    missed: true,
    event: { channel, event, shortEvent: 'BroadcastNotificationCreated', data: {}, transport: 'socket.io', receivedAt: new Date() },
  };
}

describe('the catch-up notice after an outage speaks the staff\'s language', () => {
  for (const [locale, title, body] of [
    ['zh-CN', '离线期间有 2 条通知', '最新：审批通过'],
    ['en', '2 notifications while you were offline', 'Latest: 审批通过'],
  ] as const) {
    it(locale, () => {
      const shown: OsNotice[] = [];
      const policy = new NotificationPolicy({
        clock: new FakeClock(new Date(2026, 10, 23, 10, 0)),
        settings: () => DEFAULT_SETTINGS,
        show: (notice) => shown.push(notice),
        translator: () => createTranslator(locale),
      });
      assert.equal(policy.offerMissed([missed('a', '新订单'), missed('b', '审批通过')]), 'shown');
      const [notice] = shown;
      const summary = notice?.kind === 'summary' ? [notice.title, notice.body, notice.count, notice.latestId] : null;
      assert.deepEqual(summary, [title, body, 2, 'b']);
    });
  }
});

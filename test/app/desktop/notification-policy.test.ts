import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Settings } from '../../../app/bridge/contract.js';
import type { Delivery } from '../../../app/core/echo-core.js';
import { missedNotice, NotificationPolicy, summaryNotice, type OsNotice } from '../../../app/desktop/notification-policy.js';
import { DEFAULT_SETTINGS } from '../../../app/desktop/settings.js';
import { channelDisplayName, createTranslator } from '../../../app/i18n/index.js';
import type { TrayNotification, Urgency } from '../../../app/pipeline/notification.js';
import { FakeClock } from './fake-clock.js';

const CHANNEL = 'private-todoevent.updated.8164';
let seq = 0;

function delivery(opts: { channel?: string; urgency?: Urgency; muted?: boolean; title?: string } = {}): Delivery {
  const n: TrayNotification = {
    id: `n${++seq}`,
    channel: opts.channel ?? CHANNEL,
    event: 'App\\Events\\TodoEventUpdated',
    title: opts.title ?? `Item ${seq}`,
    body: '',
    url: '',
    receivedAt: new Date().toISOString(),
    urgency: opts.urgency ?? 'normal',
  };
  return {
    notification: n,
    muted: opts.muted ?? false,
    event: { channel: n.channel, event: n.event, shortEvent: 'TodoEventUpdated', data: {}, transport: 'socket.io', receivedAt: new Date() },
  };
}

function setup(patch: Partial<Settings> = {}, now = new Date(2026, 10, 23, 10, 0)) {
  const clock = new FakeClock(now);
  let settings: Settings = { ...DEFAULT_SETTINGS, ...patch };
  const shown: OsNotice[] = [];
  const policy = new NotificationPolicy({ clock, settings: () => settings, show: (n) => shown.push(n) });
  const titles = (): string[] => shown.map((n) => (n.kind === 'item' ? n.notification.title : n.title));
  return { clock, policy, shown, titles, set: (p: Partial<Settings>) => (settings = { ...settings, ...p }) };
}

describe('notification policy', () => {
  it('a burst on one channel: the first `threshold` toasts, then one summary per window', () => {
    const { clock, policy, titles } = setup({ coalesce: { enabled: true, windowMs: 10_000, threshold: 3 } });
    seq = 0;
    const verdicts = Array.from({ length: 15 }, () => policy.offer(delivery()));
    assert.deepEqual(verdicts.slice(0, 4), ['shown', 'shown', 'shown', 'held-for-summary']);
    assert.deepEqual(titles(), ['Item 1', 'Item 2', 'Item 3']);
    clock.advance(9_999);
    assert.equal(titles().length, 3);
    clock.advance(1);
    assert.deepEqual(titles(), ['Item 1', 'Item 2', 'Item 3', '12 updates in todoevent.updated.8164']);
  });

  it('a steady stream keeps coalescing; a quiet window ends the burst', () => {
    const { clock, policy, shown, titles } = setup({ coalesce: { enabled: true, windowMs: 10_000, threshold: 2 } });
    seq = 0;
    for (let i = 0; i < 4; i++) policy.offer(delivery());
    clock.advance(10_000);
    for (let i = 0; i < 5; i++) policy.offer(delivery());
    clock.advance(10_000);
    assert.deepEqual(titles(), ['Item 1', 'Item 2', '2 updates in todoevent.updated.8164', '5 updates in todoevent.updated.8164']);
    const summary = shown.at(-1);
    assert.equal(summary?.kind === 'summary' ? summary.latestId : '', 'n9');
    clock.advance(10_000);
    clock.advance(20_000);
    assert.equal(policy.offer(delivery()), 'shown', 'after a quiet window each item is a toast again');
  });

  it('one held item is shown as itself, not as "1 updates"', () => {
    const { clock, policy, titles } = setup({ coalesce: { enabled: true, windowMs: 10_000, threshold: 1 } });
    seq = 0;
    policy.offer(delivery());
    policy.offer(delivery());
    clock.advance(10_000);
    assert.deepEqual(titles(), ['Item 1', 'Item 2']);
  });

  it('coalesces per channel, never urgent items, and not at all when disabled', () => {
    const { policy, titles, set } = setup({ coalesce: { enabled: true, windowMs: 10_000, threshold: 1 } });
    seq = 0;
    policy.offer(delivery());
    policy.offer(delivery({ channel: 'poster_room' }));
    assert.equal(policy.offer(delivery()), 'held-for-summary');
    assert.equal(policy.offer(delivery({ urgency: 'critical', title: 'Down!' })), 'shown');
    set({ coalesce: { enabled: false, windowMs: 10_000, threshold: 1 } });
    assert.equal(policy.offer(delivery({ channel: 'other' })), 'shown');
    assert.equal(policy.offer(delivery({ channel: 'other' })), 'shown');
    assert.deepEqual(titles(), ['Item 1', 'Item 2', 'Down!', 'Item 5', 'Item 6']);
  });

  it('muted deliveries, pauses and quiet hours raise nothing; urgent breaks through quiet hours only if allowed', () => {
    const night = new Date(2026, 10, 23, 23, 0);
    const { policy, titles, set } = setup({ quietHours: { enabled: true, start: '22:00', end: '07:00', allowUrgent: true } }, night);
    seq = 0;
    assert.equal(policy.offer(delivery({ muted: true })), 'muted');
    assert.equal(policy.offer(delivery()), 'quiet-hours');
    assert.equal(policy.offer(delivery({ urgency: 'critical', title: 'Urgent' })), 'shown');
    set({ quietHours: { enabled: true, start: '22:00', end: '07:00', allowUrgent: false } });
    assert.equal(policy.offer(delivery({ urgency: 'critical' })), 'quiet-hours');
    set({
      quietHours: { enabled: false, start: '22:00', end: '07:00', allowUrgent: true },
      pausedUntil: new Date(2026, 10, 24, 8, 0).toISOString(),
    });
    assert.equal(policy.offer(delivery({ urgency: 'critical' })), 'paused', 'a pause silences urgent items too');
    assert.deepEqual(titles(), ['Urgent']);
  });

  it('a summary due while notifications became silenced is dropped (the items are in history)', () => {
    const { clock, policy, titles, set } = setup({ coalesce: { enabled: true, windowMs: 10_000, threshold: 1 } });
    seq = 0;
    policy.offer(delivery());
    policy.offer(delivery());
    policy.offer(delivery());
    set({ pausedUntil: new Date(2026, 10, 23, 11, 0).toISOString() });
    clock.advance(10_000);
    assert.deepEqual(titles(), ['Item 1']);
  });

  it('dispose cancels pending summaries', () => {
    const { clock, policy, titles } = setup({ coalesce: { enabled: true, windowMs: 10_000, threshold: 1 } });
    seq = 0;
    policy.offer(delivery());
    policy.offer(delivery());
    policy.dispose();
    assert.equal(clock.pending, 0);
    clock.advance(60_000);
    assert.deepEqual(titles(), ['Item 1']);
  });

  it('a summary names the channel by its label, in the language chosen now', () => {
    const clock = new FakeClock(new Date(2026, 10, 23, 10, 0));
    const shown: OsNotice[] = [];
    let tr = createTranslator('en');
    const settings = { ...DEFAULT_SETTINGS, coalesce: { enabled: true, windowMs: 10_000, threshold: 1 } };
    const policy = new NotificationPolicy({
      clock,
      settings: () => settings,
      show: (n) => shown.push(n),
      translator: () => tr,
      channelName: (channel) => channelDisplayName(channel, channel === CHANNEL ? { en: 'My todos', 'zh-CN': '我的待办' } : null, tr),
    });
    seq = 0;
    for (let i = 0; i < 4; i++) policy.offer(delivery());
    for (let i = 0; i < 3; i++) policy.offer(delivery({ channel: 'private-App.Models.User.8164' }));
    tr = createTranslator('zh-CN');
    clock.advance(10_000);
    const summaries = shown.filter((n) => n.kind === 'summary').map((n) => (n.kind === 'summary' ? [n.title, n.body] : []));
    assert.deepEqual(summaries, [
      ['我的待办：3 条更新', '最新：Item 4'],
      ['通知：2 条更新', '最新：Item 7'],
    ]);
    policy.dispose();
  });

  it('a catch-up after an outage: one notice for several, read and muted ones raise nothing, one alone is an ordinary toast', () => {
    const { policy, shown, titles, set } = setup();
    seq = 0;
    const missed = (d: Delivery, alreadyRead = false): Delivery => ({ ...d, missed: true, alreadyRead });
    const batch = [missed(delivery()), missed(delivery(), true), missed(delivery({ muted: true })), missed(delivery()), missed(delivery())];
    const verdict = policy.offerMissed(batch);
    assert.equal(verdict, 'shown');
    assert.deepEqual(titles(), ['3 notifications while you were offline']);
    const notice = shown[0];
    assert.equal(notice?.kind === 'summary' ? notice.latestId : '', 'n5');
    assert.equal(policy.offerMissed([missed(delivery(), true)]), 'muted', 'read in Laravel: not raised');
    assert.equal(policy.offerMissed([missed(delivery({ title: 'Only one' }))]), 'shown');
    assert.deepEqual(titles().at(-1), 'Only one');
    set({ pausedUntil: new Date(2026, 10, 23, 12, 0).toISOString() });
    assert.equal(policy.offerMissed([missed(delivery()), missed(delivery())]), 'paused');
    assert.equal(shown.length, 2);
  });

  it('every item of a burst after the first held one is held too, until the summary', () => {
    const { clock, policy, titles } = setup({ coalesce: { enabled: true, windowMs: 10_000, threshold: 1 } });
    seq = 0;
    const verdicts = Array.from({ length: 4 }, () => policy.offer(delivery()));
    assert.deepEqual(verdicts, ['shown', 'held-for-summary', 'held-for-summary', 'held-for-summary']);
    clock.advance(10_000);
    assert.deepEqual(titles(), ['Item 1', '3 updates in todoevent.updated.8164']);
  });

  it('urgent toasts count toward a burst; toasts shown while coalescing was off do not', () => {
    const { policy, titles, set } = setup({ coalesce: { enabled: true, windowMs: 10_000, threshold: 2 } });
    seq = 0;
    policy.offer(delivery({ urgency: 'critical' }));
    policy.offer(delivery({ urgency: 'critical' }));
    assert.equal(policy.offer(delivery()), 'held-for-summary', 'two toasts already shown in this window');
    set({ coalesce: { enabled: false, windowMs: 10_000, threshold: 2 } });
    policy.offer(delivery({ channel: 'poster_room' }));
    policy.offer(delivery({ channel: 'poster_room' }));
    set({ coalesce: { enabled: true, windowMs: 10_000, threshold: 2 } });
    assert.equal(policy.offer(delivery({ channel: 'poster_room' })), 'shown', 'the burst counts from when coalescing came on');
    assert.deepEqual(titles(), ['Item 1', 'Item 2', 'Item 4', 'Item 5', 'Item 6']);
    policy.dispose();
  });

  it('the catch-up notice belongs to no channel and points at the newest item; a notice of nothing is empty', () => {
    const tr = createTranslator('en');
    const items = [delivery({ title: 'Older' }).notification, delivery({ title: 'Newest' }).notification];
    const missed = missedNotice(items, tr);
    assert.deepEqual(missed, {
      kind: 'summary',
      channel: '',
      count: 2,
      title: '2 notifications while you were offline',
      body: 'Latest: Newest',
      latestId: items[1]?.id,
    });
    assert.deepEqual(
      [missedNotice([], tr), summaryNotice(CHANNEL, { count: 0, latest: undefined }, tr)]
        .map((n) => (n.kind === 'summary' ? [n.count, n.body, n.latestId] : [])),
      [[0, '', ''], [0, '', '']],
    );
  });
});

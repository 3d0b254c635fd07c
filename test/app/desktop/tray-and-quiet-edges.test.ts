import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConnectionStatus, HistoryEntry, SessionView, Settings } from '../../../app/bridge/contract.js';
import type { Delivery } from '../../../app/core/echo-core.js';
import { NotificationPolicy, type OsNotice } from '../../../app/desktop/notification-policy.js';
import { quietPeriodAt } from '../../../app/desktop/quiet-time.js';
import { DEFAULT_SETTINGS } from '../../../app/desktop/settings.js';
import { trayMenu, type TrayMenuEntry } from '../../../app/desktop/tray-menu.js';
import { trayView } from '../../../app/desktop/tray-state.js';
import { createTranslator } from '../../../app/i18n/index.js';
import type { Urgency } from '../../../app/pipeline/notification.js';
import { FakeClock } from './fake-clock.js';

const tr = createTranslator('en');
const now = new Date(2026, 10, 23, 10, 0);
const session = (state: SessionView['state'], message: string | null = null): SessionView => ({
  state, email: 'a@example.test', userId: '1', userName: 'A', expiresAt: null, message, tokenStorage: 'encrypted',
});
const tooltip = (connection: ConnectionStatus, s: SessionView = session('logged-in')): string =>
  trayView({ productName: 'Echo Tray', connection, session: s, unread: 0, silence: null, now, tr }).tooltip;

describe('edges of quiet hours, the tray and the catch-up notice', () => {
  it('a quiet period within one day starts at its first minute', () => {
    const q = { enabled: true, start: '12:00', end: '13:30', allowUrgent: true };
    assert.deepEqual(quietPeriodAt(q, new Date(2026, 10, 23, 12, 0)), { until: new Date(2026, 10, 23, 13, 30) });
  });

  it('the tooltip says why it is logging in or offline, and retries only when a retry is planned', () => {
    assert.equal(tooltip({ state: 'connected', transport: 'redis' }, session('logging-in', 'Laravel unreachable')),
      'Echo Tray: logging in (Laravel unreachable)');
    assert.equal(tooltip({ state: 'reconnecting', transport: 'redis', reason: 'ECONNRESET' }), 'Echo Tray: offline: ECONNRESET');
    assert.equal(tooltip({ state: 'stopped', transport: 'redis' }), 'Echo Tray: offline');
    const stopped = trayView({ productName: 'Echo Tray', connection: { state: 'stopped', transport: 'redis' },
      session: session('logged-in'), unread: 2, silence: null, now, tr });
    assert.equal(stopped.state, 'offline');
  });

  const find = (entries: readonly TrayMenuEntry[], label: string): TrayMenuEntry | undefined => {
    for (const entry of entries) {
      if (entry.kind !== 'separator' && entry.label === label) return entry;
      if (entry.kind === 'submenu') {
        const inner = find(entry.entries, label);
        if (inner) return inner;
      }
    }
    return undefined;
  };
  const entry = (title: string): HistoryEntry => ({
    id: 'x', channel: 'c', event: 'e', title, body: '', url: '', receivedAt: now.toISOString(), urgency: 'normal', read: true,
  });

  it('the pause submenu: each item its choice; quiet hours are not a pause', () => {
    const paused = trayMenu({ productName: 'Echo Tray', recent: [], session: session('logged-in'),
      silence: { kind: 'paused', until: new Date(2026, 10, 23, 11, 0) }, now, tr });
    for (const [label, choice] of [['For 1 hour', '1h'], ['Until tomorrow', 'tomorrow'], ['Off (resume notifications)', 'off']] as const) {
      const item = find(paused, label);
      assert.deepEqual(item?.kind === 'action' ? [item.action, item.enabled] : null, [{ kind: 'pause', choice }, true], label);
    }
    const quiet = trayMenu({ productName: 'Echo Tray', recent: [], session: session('logged-in'),
      silence: { kind: 'quiet-hours', until: new Date(2026, 10, 24, 7, 0) }, now, tr });
    assert.ok(find(quiet, 'Pause notifications'), 'quiet hours keep the plain pause label');
  });

  it('a notification title with runs of spaces and line breaks becomes one tidy line', () => {
    const menu = trayMenu({ productName: 'Echo Tray', recent: [entry('  Order  42\n\n shipped \t')], session: session('logged-in'),
      silence: null, now, tr });
    assert.ok(find(menu, 'Order 42 shipped'), JSON.stringify(menu));
  });

  function missed(id: string, urgency: Urgency): Delivery {
    return {
      notification: { id, channel: 'c', event: 'e', title: id, body: '', url: '', receivedAt: now.toISOString(), urgency },
      muted: false,
      missed: true,
      event: { channel: 'c', event: 'e', shortEvent: 'e', data: {}, transport: 'redis', receivedAt: now },
    };
  }

  it('missed notifications during quiet hours stay silent unless one is urgent and urgent may break through', () => {
    const night = new Date(2026, 10, 23, 23, 0);
    const run = (allowUrgent: boolean, urgencies: Urgency[]): [string, number] => {
      const settings: Settings = { ...DEFAULT_SETTINGS, quietHours: { enabled: true, start: '22:00', end: '07:00', allowUrgent } };
      const shown: OsNotice[] = [];
      const policy = new NotificationPolicy({ clock: new FakeClock(night), settings: () => settings, show: (n) => shown.push(n) });
      return [policy.offerMissed(urgencies.map((u, i) => missed(`n${i}`, u))), shown.length];
    };
    assert.deepEqual(run(true, ['normal', 'normal']), ['quiet-hours', 0]);
    assert.deepEqual(run(true, ['normal', 'critical', 'normal']), ['shown', 1]);
    assert.deepEqual(run(false, ['normal', 'critical']), ['quiet-hours', 0]);
  });

  it('a toast shown exactly one window ago no longer counts toward a burst', () => {
    const clock = new FakeClock(now);
    const settings: Settings = { ...DEFAULT_SETTINGS, coalesce: { enabled: true, windowMs: 10_000, threshold: 1 } };
    const policy = new NotificationPolicy({ clock, settings: () => settings, show: () => undefined });
    const live = (id: string): Delivery => ({ ...missed(id, 'normal'), missed: false });
    assert.equal(policy.offer(live('a')), 'shown');
    clock.advance(10_000);
    assert.equal(policy.offer(live('b')), 'shown');
    assert.equal(policy.offer(live('c')), 'held-for-summary');
    policy.dispose();
  });
});

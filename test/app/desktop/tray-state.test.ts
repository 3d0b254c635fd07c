import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConnectionStatus, HistoryEntry, SessionView } from '../../../app/bridge/contract.js';
import type { Silence } from '../../../app/desktop/quiet-time.js';
import { trayMenu, type TrayMenuEntry } from '../../../app/desktop/tray-menu.js';
import { TOOLTIP_MAX, TRAY_STATES, trayView, type TrayFacts } from '../../../app/desktop/tray-state.js';
import { createTranslator } from '../../../app/i18n/index.js';

const tr = createTranslator('en');
const zh = createTranslator('zh-CN');

const now = new Date(2026, 10, 23, 10, 0);
const session = (state: SessionView['state'], message: string | null = null): SessionView => ({
  state,
  email: 'alice@example.test',
  userId: '8164',
  userName: 'Alice',
  expiresAt: null,
  message,
  tokenStorage: 'encrypted',
});
const connected: ConnectionStatus = { state: 'connected', transport: 'socket.io' };
const facts = (patch: Partial<TrayFacts>): TrayFacts => ({
  productName: 'Echo Tray',
  connection: connected,
  session: session('logged-in'),
  unread: 0,
  silence: null,
  now,
  tr,
  ...patch,
});
const quiet: Silence = { kind: 'quiet-hours', until: new Date(2026, 10, 24, 7, 0) };

describe('tray state', () => {
  it('connected, unread, quiet: a healthy link shows unread first, then silence', () => {
    assert.deepEqual(trayView(facts({})), { state: 'connected', tooltip: 'Echo Tray: connected' });
    assert.deepEqual(trayView(facts({ unread: 3 })), { state: 'unread', tooltip: 'Echo Tray: connected; 3 unread' });
    assert.deepEqual(
      trayView(facts({ silence: quiet })),
      { state: 'quiet', tooltip: 'Echo Tray: connected; quiet hours until tomorrow 07:00' },
    );
    assert.equal(trayView(facts({ unread: 1, silence: quiet })).state, 'unread');
    const paused = trayView(facts({ silence: { kind: 'paused', until: new Date(2026, 10, 23, 11, 0) } }));
    assert.equal(paused.tooltip, 'Echo Tray: connected; notifications paused until 11:00');
  });

  it('a broken link wins over everything, and says why', () => {
    assert.deepEqual(
      trayView(facts({ connection: { state: 'connecting', transport: 'socket.io' }, unread: 2 })),
      { state: 'connecting', tooltip: 'Echo Tray: connecting…; 2 unread' },
    );
    const down = trayView(facts({
      connection: { state: 'reconnecting', transport: 'socket.io', reason: 'connect ECONNREFUSED 127.0.0.1:6001', retryInMs: 4_400 },
      unread: 2,
      silence: quiet,
    }));
    assert.equal(down.state, 'offline');
    assert.equal(
      down.tooltip,
      'Echo Tray: offline: connect ECONNREFUSED 127.0.0.1:6001, retrying in 4 s; 2 unread; quiet hours until tomorrow 07:00',
    );
    assert.equal(
      trayView(facts({
        session: session('logged-out'),
        connection: { state: 'offline', transport: 'socket.io', reason: 'not logged in' },
      })).tooltip,
      'Echo Tray: not logged in',
    );
    assert.deepEqual(
      trayView(facts({ session: session('expired') })),
      { state: 'offline', tooltip: 'Echo Tray: session expired: log in again' },
    );
    assert.equal(trayView(facts({ session: session('logging-in') })).state, 'connecting');
  });

  it('cuts the tooltip to what Windows shows', () => {
    const view = trayView(facts({ connection: { state: 'offline', transport: 'redis', reason: 'x'.repeat(300) } }));
    assert.equal(view.tooltip.length, TOOLTIP_MAX);
    assert.ok(view.tooltip.endsWith('…'));
  });

  // Windows' NOTIFYICONDATAW.szTip is WCHAR[128] with the terminating NUL (shellapi.h): 127 UTF-16
  // units, which is what String#length counts. Pinned here independently of TOOLTIP_MAX.
  const WINDOWS_TOOLTIP_UNITS = 127;
  const offlineTip = (reason: string): string => trayView(facts({ connection: { state: 'offline', transport: 'redis', reason } })).tooltip;
  const overhead = offlineTip('r').length - 1;
  const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

  it("keeps a tooltip of exactly Windows' 127 units whole, and cuts one unit more to 127 with an ellipsis", () => {
    assert.equal(TOOLTIP_MAX, WINDOWS_TOOLTIP_UNITS);
    const fits = offlineTip('x'.repeat(WINDOWS_TOOLTIP_UNITS - overhead));
    assert.equal(fits.length, WINDOWS_TOOLTIP_UNITS);
    assert.ok(fits.endsWith('x'));
    const over = offlineTip('x'.repeat(WINDOWS_TOOLTIP_UNITS - overhead + 1));
    assert.equal(over.length, WINDOWS_TOOLTIP_UNITS);
    assert.ok(over.endsWith('x…'));
  });

  it('cuts Chinese text and emoji within 127 units without splitting a character in half', () => {
    const chinese = offlineTip('连接被拒绝'.repeat(40));
    assert.ok(chinese.length <= WINDOWS_TOOLTIP_UNITS);
    for (let shift = 0; shift < 4; shift++) {
      const tip = offlineTip(`${'x'.repeat(WINDOWS_TOOLTIP_UNITS - overhead - 3 + shift)}${'😀'.repeat(10)}`);
      assert.ok(tip.length <= WINDOWS_TOOLTIP_UNITS, `${tip.length} units`);
      assert.ok(tip.endsWith('…'));
      assert.doesNotMatch(tip, loneSurrogate, `shift ${shift}: ${JSON.stringify(tip.slice(-4))}`);
    }
  });

  it('a link dropped with no retry planned shows the offline icon, whatever is unread', () => {
    const dropped = trayView(facts({ connection: { state: 'reconnecting', transport: 'redis', reason: 'ECONNRESET' }, unread: 2 }));
    assert.deepEqual(dropped, { state: 'offline', tooltip: 'Echo Tray: offline: ECONNRESET; 2 unread' });
  });

  it('TRAY_STATES (one icon each, build/generate-icons.ts) is exactly the states the tray can be in', () => {
    const seen = new Set([
      trayView(facts({})).state,
      trayView(facts({ connection: { state: 'connecting', transport: 'redis' } })).state,
      trayView(facts({ session: session('logged-out') })).state,
      trayView(facts({ unread: 1 })).state,
      trayView(facts({ silence: quiet })).state,
    ]);
    assert.deepEqual([...seen].sort(), [...TRAY_STATES].sort());
    assert.equal(TRAY_STATES.length, seen.size, 'each state once');
  });
});

const entry = (id: string, title: string, read = false, body = ''): HistoryEntry => ({
  id,
  channel: 'poster_room',
  event: 'backend_poster',
  title,
  body,
  url: '',
  receivedAt: now.toISOString(),
  urgency: 'normal',
  read,
});

function labels(entries: readonly TrayMenuEntry[]): string[] {
  return entries.map((e) => (e.kind === 'separator'
    ? '---'
    : e.kind === 'submenu' ? `${e.label} > ${labels(e.entries).join(' | ')}` : e.label));
}

describe('tray menu', () => {
  it('open window, the last notifications (unread marked), pause choices, quit', () => {
    const recent = [entry('a', 'Poster saved', false, 'by Bob & Carol'), entry('b', 'Older', true)];
    const menu = trayMenu({ productName: 'Echo Tray', recent, session: session('logged-in'), silence: null, now, tr });
    assert.deepEqual(labels(menu), [
      'Open Echo Tray',
      '---',
      '● Poster saved: by Bob && Carol',
      'Older',
      '---',
      'Pause notifications > For 1 hour | Until tomorrow | Off (resume notifications)',
      '---',
      'Quit Echo Tray',
    ]);
    const item = menu[2];
    assert.deepEqual(item?.kind === 'action' ? item.action : null, { kind: 'open-item', id: 'a' });
    const pause = menu.find((e) => e.kind === 'submenu');
    const off = pause?.kind === 'submenu' ? pause.entries[2] : undefined;
    assert.equal(off?.kind === 'action' && off.enabled, false, 'nothing to resume');
  });

  it('offers to log in when needed, shows the pause end, keeps five items of one line each', () => {
    const recent = Array.from({ length: 8 }, (_, i) => entry(`n${i}`, `Line one\nline two ${i} ${'x'.repeat(80)}`));
    const paused: Silence = { kind: 'paused', until: new Date(2026, 10, 24, 8, 0) };
    const menu = trayMenu({ productName: 'Echo Tray', recent, session: session('expired'), silence: paused, now, tr });
    const texts = labels(menu);
    assert.equal(texts[1], 'Session expired: log in again…');
    assert.equal(texts.filter((l) => l.startsWith('● ')).length, 5);
    assert.ok(texts.every((l) => !l.includes('\n') && l.length <= 200));
    assert.ok(texts.includes('Notifications paused until tomorrow 08:00 > For 1 hour | Until tomorrow | Off (resume notifications)'));
    const loggedOut = trayMenu({ productName: 'Echo Tray', recent: [], session: session('logged-out'), silence: null, now, tr });
    assert.equal(labels(loggedOut)[3], 'No notifications yet');
  });

  it('speaks the chosen language: menu, pause end and tooltip in Simplified Chinese', () => {
    const paused: Silence = { kind: 'paused', until: new Date(2026, 10, 24, 8, 0) };
    const menu = labels(trayMenu({ productName: 'Echo Tray', recent: [], session: session('expired'), silence: paused, now, tr: zh }));
    assert.deepEqual(menu, [
      '打开 Echo Tray',
      '登录已过期：重新登录…',
      '---',
      '还没有通知',
      '---',
      '通知已暂停，直到 明天 08:00 > 暂停 1 小时 | 暂停到明天 | 关闭暂停（恢复通知）',
      '---',
      '退出 Echo Tray',
    ]);
    const tooltip = trayView(facts({ unread: 3, silence: quiet, tr: zh })).tooltip;
    assert.equal(tooltip, 'Echo Tray：已连接；3 条未读；免打扰时段，直到 明天 07:00');
  });
});

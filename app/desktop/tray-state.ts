import type { ConnectionStatus, SessionView } from '../bridge/contract.js';
import type { Translator } from '../i18n/index.js';
import type { Silence } from './quiet-time.js';
import { ellipsize } from '../util/ellipsize.js';

/** One tray icon per state. `offline` covers errors: not logged in, session expired, link down. */
export type TrayState = 'connected' | 'connecting' | 'offline' | 'unread' | 'quiet';

export const TRAY_STATES: readonly TrayState[] = ['connected', 'connecting', 'offline', 'unread', 'quiet'];

export interface TrayFacts {
  readonly productName: string;
  readonly connection: ConnectionStatus;
  readonly session: SessionView;
  readonly unread: number;
  readonly silence: Silence | null;
  readonly now: Date;
  readonly tr: Translator;
}

export interface TrayView {
  readonly state: TrayState;
  /** The state in words. */
  readonly tooltip: string;
}

/** Windows cuts tray tooltips at 127 characters. */
export const TOOLTIP_MAX = 127;

function linkState(facts: TrayFacts): { state: TrayState; words: string } {
  const { session, connection, tr } = facts;
  if (session.state === 'logged-out') return { state: 'offline', words: tr.t('tray.notLoggedIn') };
  if (session.state === 'expired') return { state: 'offline', words: tr.t('tray.sessionExpired') };
  if (session.state === 'logging-in') {
    return {
      state: 'connecting',
      words: session.message ? tr.t('tray.loggingInBecause', { reason: session.message }) : tr.t('tray.loggingIn'),
    };
  }
  const offline = connection.reason ? tr.t('tray.offlineBecause', { reason: connection.reason }) : tr.t('tray.offline');
  switch (connection.state) {
    case 'connected':
      return { state: 'connected', words: tr.t('tray.connected') };
    case 'connecting':
      return { state: 'connecting', words: tr.t('tray.connecting') };
    case 'reconnecting': {
      if (connection.retryInMs === undefined) return { state: 'offline', words: offline };
      return { state: 'offline', words: tr.t('tray.retryingIn', { offline, count: Math.max(1, Math.round(connection.retryInMs / 1000)) }) };
    }
    case 'offline':
    case 'stopped':
      return { state: 'offline', words: offline };
  }
}

/**
 * The tray's state, by precedence: a broken link (offline, connecting) matters most, then unread
 * items, then silenced notifications, then all-good. The tooltip always says all of it in words.
 */
export function trayView(facts: TrayFacts): TrayView {
  const link = linkState(facts);
  let state = link.state;
  if (state === 'connected') {
    if (facts.unread > 0) state = 'unread';
    else if (facts.silence) state = 'quiet';
  }
  const { tr } = facts;
  const parts = [link.words];
  if (facts.unread > 0) parts.push(tr.t('tray.unread', { count: facts.unread }));
  if (facts.silence) {
    const until = tr.until(facts.silence.until, facts.now);
    parts.push(tr.t(facts.silence.kind === 'paused' ? 'tray.pausedUntil' : 'tray.quietUntil', { until }));
  }
  const text = tr.t('tray.tooltip', { product: facts.productName, state: tr.join(parts) });
  return { state, tooltip: ellipsize(text, TOOLTIP_MAX) };
}

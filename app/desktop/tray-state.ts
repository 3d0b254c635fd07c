import type { ConnectionStatus, SessionView } from '../bridge/contract.js';
import { formatUntil, type Silence } from './quiet-time.js';
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
}

export interface TrayView {
  readonly state: TrayState;
  /** The state in words. */
  readonly tooltip: string;
}

/** Windows cuts tray tooltips at 127 characters. */
export const TOOLTIP_MAX = 127;

function linkState(facts: TrayFacts): { state: TrayState; words: string } {
  const { session, connection } = facts;
  if (session.state === 'logged-out') return { state: 'offline', words: 'not logged in' };
  if (session.state === 'expired') return { state: 'offline', words: 'session expired: log in again' };
  if (session.state === 'logging-in') return { state: 'connecting', words: session.message ? `logging in (${session.message})` : 'logging in…' };
  switch (connection.state) {
    case 'connected':
      return { state: 'connected', words: 'connected' };
    case 'connecting':
      return { state: 'connecting', words: 'connecting…' };
    case 'reconnecting': {
      const retry = connection.retryInMs === undefined ? '' : `, retrying in ${Math.max(1, Math.round(connection.retryInMs / 1000))} s`;
      return { state: 'offline', words: `offline${connection.reason ? `: ${connection.reason}` : ''}${retry}` };
    }
    case 'offline':
    case 'stopped':
      return { state: 'offline', words: `offline${connection.reason ? `: ${connection.reason}` : ''}` };
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
  const parts = [link.words];
  if (facts.unread > 0) parts.push(`${facts.unread} unread`);
  if (facts.silence) {
    const until = formatUntil(facts.silence.until, facts.now);
    parts.push(facts.silence.kind === 'paused' ? `notifications paused until ${until}` : `quiet hours until ${until}`);
  }
  const text = `${facts.productName}: ${parts.join('; ')}`;
  return { state, tooltip: ellipsize(text, TOOLTIP_MAX) };
}

import type { ConnectionStatus, ProfileView } from '../../app/bridge/contract.js';
import { t } from '../i18n.js';

export type BannerTone = 'ok' | 'busy' | 'warn' | 'off';

export interface BannerText {
  readonly tone: BannerTone;
  readonly text: string;
}

/** The connection banner's words; `now` counts the reconnect delay down from `since`. */
export function connectionText(status: ConnectionStatus, profile: ProfileView, since: number, now: number): BannerText {
  const why = (text: string): string => (status.reason ? t('text.withReason', { text, reason: status.reason }) : text);
  switch (status.state) {
    case 'connected':
      return { tone: 'ok', text: t('connection.connected', { server: profile.server, via: status.protocol ?? status.transport }) };
    case 'connecting':
      return { tone: 'busy', text: t('connection.connecting', { server: profile.server }) };
    case 'reconnecting': {
      if (status.retryInMs === undefined) return { tone: 'warn', text: why(t('connection.reconnecting', { server: profile.server })) };
      const left = Math.max(0, Math.ceil((status.retryInMs - (now - since)) / 1000));
      return { tone: 'warn', text: why(left > 0 ? t('connection.reconnectingIn', { count: left }) : t('connection.reconnectingNow')) };
    }
    case 'offline':
      return { tone: 'off', text: why(t('connection.offline')) };
    case 'stopped':
      return { tone: 'off', text: t('connection.stopped') };
  }
}

import type { ConnectionStatus, ProfileView } from '../../app/bridge/contract.js';

export type BannerTone = 'ok' | 'busy' | 'warn' | 'off';

export interface BannerText {
  readonly tone: BannerTone;
  readonly text: string;
}

/** The connection banner's words; `now` counts the reconnect delay down from `since`. */
export function connectionText(status: ConnectionStatus, profile: ProfileView, since: number, now: number): BannerText {
  const reason = status.reason ? `: ${status.reason}` : '';
  switch (status.state) {
    case 'connected':
      return { tone: 'ok', text: `Connected to ${profile.server} via ${status.protocol ?? status.transport}` };
    case 'connecting':
      return { tone: 'busy', text: `Connecting to ${profile.server}…` };
    case 'reconnecting': {
      if (status.retryInMs === undefined) return { tone: 'warn', text: `Reconnecting to ${profile.server}${reason}` };
      const left = Math.max(0, Math.ceil((status.retryInMs - (now - since)) / 1000));
      return { tone: 'warn', text: left > 0 ? `Reconnecting in ${left} s${reason}` : `Reconnecting now${reason}` };
    }
    case 'offline':
      return { tone: 'off', text: `Offline${status.reason ? `: ${status.reason}` : ''}` };
    case 'stopped':
      return { tone: 'off', text: 'Stopped' };
  }
}

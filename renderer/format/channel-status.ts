import type { ChannelView } from '../../app/bridge/contract.js';

export type StatusTone = 'ok' | 'busy' | 'warn' | 'error' | 'off';

export interface ChannelStatusText {
  readonly tone: StatusTone;
  /** Short badge text. */
  readonly label: string;
  /** The reason in words, when there is one. */
  readonly detail: string | undefined;
}

export function channelStatusText(channel: ChannelView): ChannelStatusText {
  const code = channel.httpStatus !== undefined && channel.httpStatus !== 0 ? ` (${channel.httpStatus})` : '';
  switch (channel.state) {
    case 'subscribed':
      return { tone: 'ok', label: 'Subscribed', detail: undefined };
    case 'pending':
      return { tone: 'busy', label: 'Pending', detail: channel.reason };
    case 'denied':
      return { tone: 'error', label: `Refused${code}`, detail: channel.reason ?? 'Laravel refused this channel for you' };
    case 'expired':
      return { tone: 'warn', label: `Session expired${code || ' (401)'}`, detail: channel.reason ?? 'log in again' };
    case 'error':
      return { tone: 'error', label: `Error${code}`, detail: channel.reason ?? 'unknown error' };
    case 'unsubscribed':
      return { tone: 'off', label: 'Unsubscribed', detail: channel.reason };
  }
}

export function kindLabel(kind: ChannelView['kind']): string {
  return kind === 'presence' ? 'Presence' : kind === 'private' ? 'Private' : 'Public';
}

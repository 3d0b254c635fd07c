import type { ChannelView } from '../../app/bridge/contract.js';
import { t } from '../i18n.js';

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
      return { tone: 'ok', label: t('status.subscribed'), detail: undefined };
    case 'pending':
      return { tone: 'busy', label: t('status.pending'), detail: channel.reason };
    case 'denied':
      return { tone: 'error', label: `${t('status.refused')}${code}`, detail: t('channels.noAccess') };
    case 'expired':
      return { tone: 'warn', label: `${t('status.expired')}${code || ' (401)'}`, detail: channel.reason ?? t('status.expiredDetail') };
    case 'error':
      return { tone: 'error', label: `${t('status.error')}${code}`, detail: channel.reason ?? t('status.errorDetail') };
    case 'unsubscribed':
      return { tone: 'off', label: t('status.unsubscribed'), detail: channel.reason };
  }
}

export function kindLabel(kind: ChannelView['kind']): string {
  return t(kind === 'presence' ? 'channels.kindPresence' : kind === 'private' ? 'channels.kindPrivate' : 'channels.kindPublic');
}

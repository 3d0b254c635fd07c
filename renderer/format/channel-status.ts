import type { ChannelView } from '../../app/bridge/contract.js';
import { t } from '../i18n.js';

export type StatusTone = 'ok' | 'busy' | 'warn' | 'error' | 'off';

export interface ChannelStatusText {
  readonly tone: StatusTone;
  /** Short badge text. */
  readonly label: string;
  /** What it means, in plain words for staff, when there is something to say. */
  readonly detail: string | undefined;
  /** The transport's own reason (English, technical), for whoever supports them. */
  readonly technical: string | undefined;
}

export function channelStatusText(channel: ChannelView): ChannelStatusText {
  const code = channel.httpStatus !== undefined && channel.httpStatus !== 0 ? ` (${channel.httpStatus})` : '';
  const technical = channel.reason;
  switch (channel.state) {
    case 'subscribed':
      return { tone: 'ok', label: t('status.subscribed'), detail: undefined, technical: undefined };
    case 'pending': {
      // A pending channel with a status is waiting out the server's 429/503 (see ChannelStatus.httpStatus).
      const busy = channel.httpStatus !== undefined;
      return { tone: 'busy', label: t('status.pending'), detail: busy ? t('status.busyDetail') : undefined, technical };
    }
    case 'denied':
      return { tone: 'error', label: `${t('status.refused')}${code}`, detail: t('channels.noAccess'), technical };
    case 'expired':
      return { tone: 'warn', label: `${t('status.expired')}${code || ' (401)'}`, detail: t('status.expiredDetail'), technical };
    case 'error':
      return { tone: 'error', label: `${t('status.error')}${code}`, detail: t('status.errorDetail'), technical };
    case 'unsubscribed':
      return { tone: 'off', label: t('status.unsubscribed'), detail: undefined, technical };
  }
}

export function kindLabel(kind: ChannelView['kind']): string {
  return t(kind === 'presence' ? 'channels.kindPresence' : kind === 'private' ? 'channels.kindPrivate' : 'channels.kindPublic');
}

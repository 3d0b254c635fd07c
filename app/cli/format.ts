import type { TrayNotification } from '../pipeline/notification.js';
import type { ChannelStatus, ConnectionStatus } from '../transport/transport.js';
import { visibleText } from '../util/visible-text.js';

/** One line of `listen --json`: the documented keys, in this order, nothing else. */
/** `missed`: caught up after an outage; it adds a trailing `"missed": true` and leaves the other keys as they are. */
export function notificationJson(n: TrayNotification, missed = false): string {
  const line = { id: n.id, channel: n.channel, event: n.event, title: n.title, body: n.body, url: n.url, receivedAt: n.receivedAt };
  return JSON.stringify(missed ? { ...line, missed: true } : line);
}

/** One readable line: `[14:03:22] Todo event updated — Buy milk  (private-todoevent.updated.8164)  https://…` */
export function notificationLine(n: TrayNotification): string {
  const time = n.receivedAt.slice(11, 19);
  const body = n.body === '' ? '' : ` — ${oneLine(n.body)}`;
  const url = n.url === '' ? '' : `  ${visibleText(n.url)}`;
  return `[${time}] ${oneLine(n.title)}${body}  (${visibleText(n.channel)})${url}`;
}

export function connectionLine(s: ConnectionStatus, server: string): string | undefined {
  const via = s.protocol ? ` via ${s.protocol}` : '';
  switch (s.state) {
    case 'connecting':
      return `connecting to ${server}${via}`;
    case 'connected':
      return `connected to ${server}${via}`;
    case 'reconnecting':
      return s.retryInMs === undefined
        ? `reconnecting to ${server}${s.reason ? `: ${s.reason}` : ''}`
        : `reconnecting in ${(s.retryInMs / 1000).toFixed(1)} s${s.reason ? `: ${s.reason}` : ''}`;
    case 'offline':
      return `offline${s.reason ? `: ${s.reason}` : ''}`;
    case 'stopped':
      return undefined;
  }
}

export function channelLine(s: ChannelStatus): string {
  return visibleText(channelText(s));
}

function channelText(s: ChannelStatus): string {
  switch (s.state) {
    case 'subscribed':
      return `subscribed ${s.channel}`;
    case 'pending':
      return `subscribing ${s.channel}${s.reason ? ` (${s.reason})` : ''}`;
    case 'denied':
      return `denied ${s.channel} ${s.httpStatus ?? ''}${s.reason ? `: ${s.reason}` : ''}`.replace('  ', ' ');
    case 'expired':
      return `session expired ${s.channel} ${s.httpStatus ?? 401}${s.reason ? `: ${s.reason}` : ''}`;
    case 'error':
      return `error ${s.channel}${s.httpStatus !== undefined ? ` ${s.httpStatus}` : ''}${s.reason ? `: ${s.reason}` : ''}`;
    case 'unsubscribed':
      return `unsubscribed ${s.channel}`;
  }
}

/** Line breaks in a title or body become one space; any other control character is made visible. */
function oneLine(text: string): string {
  return visibleText(text.replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' '));
}

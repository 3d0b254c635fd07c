import type { ConnectionStatus, ProfileView } from '../../app/bridge/contract.js';
import { t } from '../i18n.js';

export type BannerTone = 'ok' | 'busy' | 'warn' | 'off';

export interface BannerText {
  readonly tone: BannerTone;
  /** A few plain words: "Connected", "Offline, retrying in 8 s". */
  readonly text: string;
  /** What it means for the user and what to do, when not connected. */
  readonly advice: string | undefined;
  /** For whoever supports them: the server, the protocol, the last error as the transport said it. */
  readonly technical: string;
  /** Whether a Retry button makes sense (not connected, not on the way). */
  readonly retry: boolean;
}

/** Errors that mean the network or the server is out of reach (Node, socket.io, engine.io, pusher-js, ioredis words). */
const UNREACHABLE = new RegExp(
  [
    ...['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'timeout', 'timed out'],
    ...['websocket error', 'xhr poll error', 'transport (close|error)', 'socket hang up', 'connection (is )?closed'],
    ...['unavailable', 'unreachable', 'network'],
  ].join('|'),
  'i',
);
const REFUSED_FOR_GOOD = /not reconnecting until asked/;
const LOGIN = /\b401\b|unauthori[sz]ed|session expired|token/i;

/** The transport's last error as advice in plain words. */
export function connectionAdvice(reason: string | undefined): string {
  // A dropped connection without a word is most often the network.
  if (reason === undefined || reason === '') return t('connection.adviceUnreachable');
  if (REFUSED_FOR_GOOD.test(reason)) return t('connection.adviceRefused');
  if (LOGIN.test(reason)) return t('connection.adviceLogin');
  if (UNREACHABLE.test(reason)) return t('connection.adviceUnreachable');
  return t('connection.adviceOther');
}

/** The connection banner's words; `now` counts the reconnect delay down from `since`. */
export function connectionText(status: ConnectionStatus, profile: ProfileView, since: number, now: number): BannerText {
  const via = status.protocol ?? status.transport;
  const server = t('connection.technical', { server: profile.server, via });
  const technical = status.reason ? t('text.withReason', { text: server, reason: status.reason }) : server;
  const trouble = (text: string, retry: boolean): BannerText => {
    return { tone: 'warn', text, advice: connectionAdvice(status.reason), technical, retry };
  };
  switch (status.state) {
    case 'connected':
      return { tone: 'ok', text: t('connection.connected'), advice: undefined, technical: server, retry: false };
    case 'connecting':
      return { tone: 'busy', text: t('connection.connecting'), advice: undefined, technical, retry: false };
    case 'reconnecting': {
      if (status.retryInMs === undefined) return trouble(t('connection.reconnecting'), true);
      const left = Math.max(0, Math.ceil((status.retryInMs - (now - since)) / 1000));
      if (status.busy === true) {
        // The server asked us to wait: not trouble, and Retry would only ask it sooner.
        const text = left > 0 ? t('connection.busyRetryingIn', { count: left }) : t('connection.reconnectingNow');
        return { tone: 'busy', text, advice: t('connection.adviceBusy'), technical, retry: false };
      }
      return trouble(left > 0 ? t('connection.reconnectingIn', { count: left }) : t('connection.reconnectingNow'), true);
    }
    case 'offline':
      return { ...trouble(t('connection.offline'), true), tone: 'off' };
    case 'stopped':
      return { tone: 'off', text: t('connection.stopped'), advice: undefined, technical, retry: false };
  }
}

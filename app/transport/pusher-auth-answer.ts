import type { ChannelAuthorizationCallback } from 'pusher-js';
import type { ChannelAuthResult } from '../auth/laravel-client.js';
import { isPresenceChannel, refusalStatus, type ChannelStatus } from './transport.js';

/** What pusher-js expects from an authorizer (its own type is not exported). */
export type ChannelAuthorizationData = NonNullable<Parameters<ChannelAuthorizationCallback>[1]>;

export type PusherAuthVerdict =
  | { readonly ok: true; readonly data: ChannelAuthorizationData }
  | { readonly ok: false; readonly status: ChannelStatus; readonly transient: boolean };

export function isEncryptedChannel(channel: string): boolean {
  return channel.startsWith('private-encrypted-');
}

/**
 * Laravel's pusher (and reverb) broadcaster answers `/broadcasting/auth` with `{"auth": "key:hmac"}`,
 * plus `channel_data` (a JSON string) for presence and `shared_secret` for encrypted channels.
 * Anything else is explained in words instead of being handed to the server to refuse.
 */
export function readPusherAuthAnswer(channel: string, answer: ChannelAuthResult): PusherAuthVerdict {
  if (!answer.ok) {
    let detail = answer.status === 401 || answer.status === 403 ? undefined : answer.reason;
    // pusher-php-server throws when it cannot derive an encrypted channel's key: Laravel answers 500.
    if (isEncryptedChannel(channel) && answer.status >= 500) {
      detail = `${detail ?? `HTTP ${answer.status}`} (an encrypted channel: is encryption_master_key_base64 set in the pusher options of `
        + `config/broadcasting.php?)`;
    }
    const transient = answer.status === 0 || answer.status === 429 || answer.status >= 500;
    return { ok: false, status: refusalStatus(channel, answer.status, detail), transient };
  }
  const refuse = (reason: string): PusherAuthVerdict => ({ ok: false, status: { channel, state: 'error', reason }, transient: false });
  const body = answer.body;
  if (typeof body !== 'object' || body === null || typeof (body as Record<string, unknown>).auth !== 'string') {
    if (body === true || (typeof body === 'object' && body !== null && 'channel_data' in body)) {
      return refuse(
        'Laravel answered /broadcasting/auth the redis-broadcaster way (no "auth" signature): set BROADCAST_DRIVER=pusher (or reverb) in '
          + 'Laravel, or choose the matching "broadcaster" in the profile',
      );
    }
    return refuse('the answer of /broadcasting/auth has no "auth" signature');
  }
  const rec = body as Record<string, unknown>;
  const data: { auth: string; channel_data?: string; shared_secret?: string } = { auth: rec.auth as string };
  if (isPresenceChannel(channel)) {
    if (typeof rec.channel_data === 'string') data.channel_data = rec.channel_data;
    else if (typeof rec.channel_data === 'object' && rec.channel_data !== null) data.channel_data = JSON.stringify(rec.channel_data);
    else return refuse('the answer of /broadcasting/auth for a presence channel has no "channel_data"');
  }
  if (isEncryptedChannel(channel)) {
    if (typeof rec.shared_secret !== 'string' || rec.shared_secret === '') {
      return refuse(
        'encrypted channel, but Laravel sent no "shared_secret": set encryption_master_key_base64 in the pusher options of '
          + 'config/broadcasting.php',
      );
    }
    data.shared_secret = rec.shared_secret;
  }
  return { ok: true, data };
}

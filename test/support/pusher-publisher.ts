import PusherServerSdk from 'pusher';
import type { PusherApp } from './pusher-protocol-server.js';

/**
 * Publishes as Laravel's PusherBroadcaster does, through the official `pusher` SDK over the signed
 * HTTP API: `socket` is pulled out of the payload (it becomes `socket_id`, ->toOthers()) and one
 * trigger covers all channels.
 */
export class PusherPublisher {
  private readonly sdk: PusherServerSdk;

  constructor(serverUrl: string, app: PusherApp, opts: { encryptionMasterKeyBase64?: string } = {}) {
    const url = new URL(serverUrl);
    this.sdk = new PusherServerSdk({
      appId: app.id,
      key: app.key,
      secret: app.secret,
      host: url.hostname,
      port: url.port,
      useTLS: false,
      ...(opts.encryptionMasterKeyBase64 ? { encryptionMasterKeyBase64: opts.encryptionMasterKeyBase64 } : {}),
    });
  }

  async publish(b: {
    readonly channels: readonly string[];
    readonly event: string;
    readonly data: Readonly<Record<string, unknown>>;
    readonly socket?: string | null;
  }): Promise<void> {
    const socket = b.socket ?? null;
    await this.sdk.trigger([...b.channels], b.event, payloadWithout(b.data, 'socket'), socket !== null ? { socket_id: socket } : undefined);
  }

  /** `data` sent as is (the SDK passes strings through): for malformed-event tests. */
  async publishRaw(channel: string, event: string, data: string): Promise<void> {
    await this.sdk.trigger(channel, event, data);
  }
}

function payloadWithout(data: Readonly<Record<string, unknown>>, key: string): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...data };
  delete copy[key];
  return copy;
}

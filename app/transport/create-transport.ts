import type { Logger } from '../log.js';
import type { Profile } from '../profile/profile.js';
import { PusherTransport } from './pusher-transport.js';
import { RedisTransport } from './redis-transport.js';
import { RelayTransport } from './relay-transport.js';
import { SocketIoTransport } from './socketio-transport.js';
import type { ChannelAuthority, Transport, TransportListener } from './transport.js';

export interface TransportDeps {
  readonly authority: ChannelAuthority;
  readonly listener: TransportListener;
  readonly logger: Logger;
}

export type TransportFactory = (profile: Profile, deps: TransportDeps) => Transport;

/** The profile's `connection.broadcaster` picks the transport, as laravel-echo's option does. */
export const createTransport: TransportFactory = (profile, deps) => {
  const c = profile.connection;
  switch (c.broadcaster) {
    case 'socket.io':
      return new SocketIoTransport({ settings: c, maxEventBytes: profile.maxEventBytes, ...deps });
    case 'redis':
      return new RedisTransport({ settings: c, maxEventBytes: profile.maxEventBytes, ...deps });
    case 'pusher':
    case 'reverb':
      return new PusherTransport({ settings: c, ...deps });
    case 'relay':
      return new RelayTransport({ settings: c, maxEventBytes: profile.maxEventBytes, ...deps });
  }
};

import type { Transport, TransportListener } from '../../../app/transport/transport.js';

/**
 * A stand-in broadcaster link for tests about the desktop logic, not the wire: it connects at once,
 * accepts every channel, and records what it was asked in `calls` ("+channel", "-channel", "reconnect: why").
 */
export function acceptingTransport(listener: TransportListener, calls: string[] = []): Transport {
  return {
    name: 'socket.io',
    start: () => listener.onConnection({ state: 'connected', transport: 'socket.io' }),
    subscribe: (channel) => {
      calls.push(`+${channel}`);
      listener.onChannel({ channel, state: 'subscribed' });
    },
    unsubscribe: (channel) => {
      calls.push(`-${channel}`);
      listener.onChannel({ channel, state: 'unsubscribed' });
    },
    reconnectNow: (reason) => void calls.push(`reconnect: ${reason}`),
    stop: async () => undefined,
  };
}

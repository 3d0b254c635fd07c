import type { TransportFactory } from '../../../app/transport/create-transport.js';
import type { Transport, TransportListener } from '../../../app/transport/transport.js';

/**
 * A broadcaster link for tests about the desktop's own logic: it connects at once and subscribes every
 * channel, and the test plays what the broadcaster reports next (a refused channel, presence) through
 * `listener`, the core's side of the Transport contract.
 */
export class ScriptedBroadcaster {
  private current: TransportListener | undefined;

  readonly factory: TransportFactory = (_profile, deps) => {
    const listener = deps.listener;
    this.current = listener;
    const transport: Transport = {
      name: 'socket.io',
      start: () => listener.onConnection({ state: 'connected', transport: 'socket.io' }),
      subscribe: (channel) => listener.onChannel({ channel, state: 'subscribed' }),
      unsubscribe: (channel) => listener.onChannel({ channel, state: 'unsubscribed' }),
      reconnectNow: () => undefined,
      stop: async () => undefined,
    };
    return transport;
  };

  /** The listener of the transport made last. */
  get listener(): TransportListener {
    if (!this.current) throw new Error('ScriptedBroadcaster: no transport made yet');
    return this.current;
  }
}

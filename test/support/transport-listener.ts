import type { EventEmitter } from 'node:events';
import type { TransportListener } from '../../app/transport/transport.js';

/** A transport's listener that re-emits connection and channel statuses on `events` (for once()/collect()). */
export function emittingListener(events: EventEmitter): TransportListener {
  return {
    onConnection: (st) => events.emit('connection', st),
    onChannel: (st) => events.emit('channel', st),
    onMessage: () => undefined,
    onEnvelope: () => undefined,
    onPresence: () => undefined,
    onMalformed: () => undefined,
  };
}

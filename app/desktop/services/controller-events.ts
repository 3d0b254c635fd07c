import type { PushMap } from '../../bridge/contract.js';
import type { Delivery } from '../../core/echo-core.js';

export type ControllerEvents = PushMap & {
  /** Every mapped notification, for the OS notifier (which applies mute, quiet hours, coalescing). */
  delivery: [Delivery];
  /** The notifications of one catch-up after an outage, for one OS notification (`offerMissed`). */
  missed: [readonly Delivery[]];
};

/** How a service tells the window (and main/) what changed; the controller carries it. */
export type Emit = <K extends keyof ControllerEvents>(event: K, ...args: ControllerEvents[K]) => void;

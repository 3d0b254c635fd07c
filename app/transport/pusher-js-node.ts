import { createRequire } from 'node:module';
import type pusherModule from 'pusher-js';
import type { ChannelAuthorizationHandler, Options } from 'pusher-js';
import type { PusherConnection } from '../profile/profile.js';

type PusherClass = typeof pusherModule.default;
export type PusherClient = InstanceType<PusherClass>;

const require = createRequire(import.meta.url);
let loaded: PusherClass | undefined;

/**
 * pusher-js's Node build (the package's `main`; it bundles tweetnacl, so encrypted channels work)
 * sets `module.exports` to the Pusher class, while its typings describe an ES module whose default
 * export is that class. Required on first use: only Pusher-protocol desktops pay for loading it.
 */
export function pusherClass(): PusherClass {
  loaded ??= require('pusher-js') as PusherClass;
  return loaded;
}

/** laravel-echo's option names, passed through; the authorizer is ours (current token, XHR header). */
export function pusherOptions(c: PusherConnection, authorize: ChannelAuthorizationHandler, unavailableTimeoutMs: number): Options {
  return {
    cluster: c.cluster ?? '',
    ...(c.wsHost !== undefined ? { wsHost: c.wsHost } : {}),
    ...(c.wsPort !== undefined ? { wsPort: c.wsPort } : {}),
    ...(c.wssPort !== undefined ? { wssPort: c.wssPort } : {}),
    forceTLS: c.forceTLS,
    enabledTransports: [...c.enabledTransports],
    channelAuthorization: { customHandler: authorize },
    unavailableTimeout: unavailableTimeoutMs,
    activityTimeout: c.activityTimeout,
    pongTimeout: c.pongTimeout,
  };
}

/**
 * How many WebSocket endpoints pusher-js tries in one attempt: without forceTLS and with both
 * transports enabled it tries `ws`, then `wss` two seconds later, so one refused endpoint does not
 * yet mean the attempt failed.
 */
export function endpointsPerAttempt(c: Pick<PusherConnection, 'forceTLS' | 'enabledTransports'>): number {
  return c.forceTLS ? 1 : c.enabledTransports.length;
}

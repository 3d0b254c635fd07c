// Fault: a Pusher-protocol server (Soketi, Reverb, Pusher behind a proxy) stops answering without
// closing the socket (SIGSTOP). Only pusher-js's own liveness check notices: after
// connection.activityTimeout ms of silence it pings, and connection.pongTimeout ms without a pong
// end the connection. With the profile's short timings it is detected within those bounds, and the
// core reconnects and subscribes again once the server answers.
import { after, before, describe, it } from 'node:test';
import type { ConnectionStatus } from '../../app/transport/transport.js';
import { once } from '../support/events.js';
import { FakeLaravel } from '../support/fake-laravel.js';
import { PusherPublisher } from '../support/pusher-publisher.js';
import { RelayProcess } from '../support/relay-process.js';
import { ALICE, BOB, runCoreWithProfile } from '../support/stack.js';
import { loopbackPusher, PUSHER_APP, PUSHER_DRIVER } from '../support/transport-envs.js';

const MINE = `private-todoevent.updated.${ALICE.id}`;
const LIVENESS = { activityTimeout: 400, pongTimeout: 400 };

describe('fault: a frozen Pusher-protocol server (SIGSTOP) is detected by pusher-js ping/pong and recovered', () => {
  let relay: RelayProcess;
  let laravel: FakeLaravel;
  before(async () => {
    relay = await RelayProcess.start({ kind: 'pusher', app: PUSHER_APP, flavour: 'pusher' });
    laravel = new FakeLaravel({ users: [ALICE, BOB], pusher: PUSHER_DRIVER });
    await laravel.start();
  });
  after(async () => {
    await relay.stop();
    await laravel.stop();
  });

  it('no pong within connection.activityTimeout + pongTimeout → reconnect; resubscribed once it answers again', async (t) => {
    const timings = { reconnectionDelay: 50, reconnectionDelayMax: 400, subscribeTimeout: 3000, ...LIVENESS };
    const connection = loopbackPusher(relay.port, timings);
    const run = await runCoreWithProfile({ laravel: { url: laravel.url }, connection, channels: [MINE] });
    const publisher = new PusherPublisher(relay.url, PUSHER_APP);
    t.after(async () => {
      await run.stop();
    });
    await run.settled();
    await publisher.publish({ channels: [MINE], event: 'App\\Events\\TodoEventUpdated', data: { message: 'before' } });
    await run.notifications.waitFor((d) => d.notification.body === 'before');

    // Silence first counts from the last frame received, so the bound is a few rounds of both.
    const bound = 4 * (LIVENESS.activityTimeout + LIVENESS.pongTimeout);
    const detected = once(run.core, 'connection', {
      timeoutMs: bound,
      filter: (s) => (s as ConnectionStatus).state === 'reconnecting',
      context: () => relay.process.describe(),
    });
    relay.pause();
    try {
      await detected;
    } finally {
      relay.resume();
    }
    await run.settled([MINE], 'subscribed', 15_000);
    await publisher.publish({ channels: [MINE], event: 'App\\Events\\TodoEventUpdated', data: { message: 'after' } });
    await run.notifications.waitFor((d) => d.notification.body === 'after', 5_000);
  });
});

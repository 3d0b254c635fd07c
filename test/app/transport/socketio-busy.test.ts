// laravel-echo-server asks /broadcasting/auth itself and passes Laravel's 429 on as
// subscription_error (without Retry-After): the transport waits the busy policy, then subscribes again.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { MemoryLogger } from '../../../app/log.js';
import { parseProfile, type SocketIoConnection } from '../../../app/profile/profile.js';
import { createSocketIoClient, type SocketIoClientFactory } from '../../../app/transport/socketio-clients.js';
import { SocketIoTransport } from '../../../app/transport/socketio-transport.js';
import type { ChannelStatus } from '../../../app/transport/transport.js';
import { collect, once } from '../../support/events.js';
import { ALICE, stackForSuite } from '../../support/stack.js';
import { FakeClock } from '../desktop/fake-clock.js';
import { emittingListener } from '../../support/transport-listener.js';

const MINE = `private-todoevent.updated.${ALICE.id}`;

describe('socket.io transport behind a throttled Laravel (through laravel-echo-server)', () => {
  const s = stackForSuite();

  it('a 429 passed on by the relay waits as "server busy" and subscribes again only when the wait is over', async (t) => {
    const { stack } = s();
    const events = new EventEmitter();
    const listener = emittingListener(events);
    let subscribes = 0;
    const clientFactory: SocketIoClientFactory = (major, opts) => {
      const client = createSocketIoClient(major, opts);
      return {
        ...client,
        emit: (event, payload) => {
          if (event === 'subscribe') subscribes++;
          client.emit(event, payload);
        },
      };
    };
    const { profile } = parseProfile(stack.profileJson('socket.io', { channels: [MINE] }));
    const token = stack.laravel.issueToken(ALICE.id);
    const clock = new FakeClock(new Date());
    const transport = new SocketIoTransport({
      settings: profile.connection as SocketIoConnection,
      authority: { token: () => token, authorize: () => Promise.reject(new Error('the relay asks Laravel, not us')) },
      listener,
      logger: new MemoryLogger(),
      clientFactory,
      clock,
      busyPolicy: { fallbackMs: 1000, jitterMs: 2000, random: () => 0.5 },
    });
    const states = collect<[ChannelStatus]>(events, 'channel');
    stack.laravel.throttleAuth({ perWindow: 0, retryAfterSeconds: 30, windowMs: 60_000 });
    t.after(async () => {
      stack.laravel.throttleAuth(false);
      states.stop();
      await transport.stop();
    });
    const busy = once(events, 'channel', { timeoutMs: 10_000, filter: (st) => (st as ChannelStatus).httpStatus === 429 });
    transport.start();
    transport.subscribe(MINE);
    const [waiting] = (await busy) as [ChannelStatus];
    assert.deepEqual(waiting, { channel: MINE, state: 'pending', httpStatus: 429, reason: 'server busy, retrying in 2 s' });
    assert.equal(subscribes, 1);
    clock.advance(1999); // the fallback 1 s + jitter 0.5 × 2 s, less 1 ms
    assert.equal(subscribes, 1, 'not asked again before the wait is over');
    stack.laravel.throttleAuth(false);
    const subscribed = once(events, 'channel', { timeoutMs: 10_000, filter: (st) => (st as ChannelStatus).state === 'subscribed' });
    clock.advance(1);
    assert.equal(subscribes, 2);
    await subscribed;
    assert.ok(!states.items.some(([st]) => st.state === 'error'), `never shown as an error: ${JSON.stringify(states.items)}`);
  });
});

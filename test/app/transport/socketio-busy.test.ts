// laravel-echo-server asks /broadcasting/auth itself and passes Laravel's 429 on as
// subscription_error (without Retry-After): the transport waits the busy policy, then subscribes again.
// A proxy in front of the relay that refuses the handshake itself is waited out the same way.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { MemoryLogger } from '../../../app/log.js';
import { parseProfile, type SocketIoConnection } from '../../../app/profile/profile.js';
import { createSocketIoClient, type SocketIoClientFactory } from '../../../app/transport/socketio-clients.js';
import { SocketIoTransport } from '../../../app/transport/socketio-transport.js';
import type { ChannelStatus, ConnectionStatus } from '../../../app/transport/transport.js';
import { collect, once } from '../../support/events.js';
import { ALICE, stackForSuite } from '../../support/stack.js';
import { FakeClock } from '../desktop/fake-clock.js';
import { emittingListener } from '../../support/transport-listener.js';
import { BusyProxy } from '../../support/busy-proxy.js';

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

describe('socket.io transport behind a busy proxy (429/503 on the WebSocket handshake)', () => {
  let proxy: BusyProxy;
  before(async () => {
    proxy = await BusyProxy.start();
  });
  after(() => proxy.stop());

  for (const socketio of [2, 4] as const) {
    it(`socket.io ${socketio}: waits as "server busy", doubling, and never tries again before the wait is over`, async (t) => {
      const events = new EventEmitter();
      const statuses = collect<[ConnectionStatus]>(events, 'connection');
      const { profile } = parseProfile({
        laravel: { url: 'http://127.0.0.1:9' },
        connection: { broadcaster: 'socket.io', host: proxy.url, socketio, reconnectionDelay: 100, reconnectionDelayMax: 200 },
        channels: ['poster_room'],
      });
      const clock = new FakeClock(new Date());
      const transport = new SocketIoTransport({
        settings: profile.connection as SocketIoConnection,
        authority: { token: () => 't', authorize: () => Promise.reject(new Error('not asked')) },
        listener: emittingListener(events),
        logger: new MemoryLogger(),
        clock,
        busyPolicy: { fallbackMs: 1000, jitterMs: 2000, random: () => 0.5 },
      });
      const busyAnswer = (): Promise<unknown> =>
        once(events, 'connection', { timeoutMs: 10_000, filter: (st) => (st as ConnectionStatus).retryInMs !== undefined });
      const attempts = (): number => statuses.items.filter(([st]) => st.retryInMs === undefined).length;
      const upgradesBefore = proxy.upgrades;
      t.after(async () => {
        statuses.stop();
        await transport.stop();
      });
      let answered = busyAnswer();
      transport.start();
      transport.subscribe('poster_room');
      const [first] = (await answered) as [ConnectionStatus];
      assert.equal(first.state, 'reconnecting');
      assert.equal(first.busy, true);
      assert.equal(first.reason, `server busy: ${proxy.url} answered HTTP 503`);
      assert.equal(first.retryInMs, 2000, 'the fallback 1 s + jitter 0.5 × 2 s, not the 100 ms backoff');
      assert.equal(proxy.upgrades - upgradesBefore, 1);
      const attemptsBefore = attempts();
      clock.advance(1999);
      assert.equal(attempts(), attemptsBefore, 'no new attempt before the wait is over');
      answered = busyAnswer();
      const second = once(proxy, 'upgrade', { timeoutMs: 10_000 });
      clock.advance(1);
      assert.equal(attempts(), attemptsBefore + 1);
      await second;
      const [again] = (await answered) as [ConnectionStatus];
      assert.equal(again.retryInMs, 3000, 'the second busy answer in a row doubles the fallback: 2 s + 1 s jitter');
      assert.ok(!statuses.items.some(([st]) => st.state === 'offline'), JSON.stringify(statuses.items));
    });
  }
});

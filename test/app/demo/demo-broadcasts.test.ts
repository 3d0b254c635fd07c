import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import type { Clock } from '../../../app/util/clock.js';
import { BROADCAST_NOTIFICATION_CREATED, BURST_SIZE, SAMPLE_CYCLE, SampleBroadcasts } from '../../../app/demo/demo-broadcasts.js';
import { DEFAULT_DEMO_INTERVAL_MS, DEMO_INTERVAL_ENV, demoIntervalMs } from '../../../app/demo/demo-server-side.js';
import { browserCommand, openBrowser } from '../../../app/demo/open-browser.js';
import { startRedis, type RedisServer } from '../../../app/demo/servers/redis-server.js';
import { laravelPayload } from '../../support/laravel-broadcast.js';
import { once } from '../../support/events.js';
import { FakeClock } from '../desktop/fake-clock.js';

const INTERVAL = 1_000;
const PREFIX = 'laravel_database_';

/** A FakeClock that says when something was scheduled, so the test advances only once the next sample waits. */
class ObservedClock extends EventEmitter implements Clock {
  scheduled = 0;
  constructor(readonly fake: FakeClock) {
    super();
  }
  now(): Date {
    return this.fake.now();
  }
  schedule(fn: () => void, ms: number): () => void {
    const cancel = this.fake.schedule(fn, ms);
    this.scheduled++;
    this.emit('scheduled', this.scheduled);
    return cancel;
  }
}

describe('the demo\'s sample broadcasts', () => {
  let redis: RedisServer;
  before(async () => {
    redis = await startRedis();
  });
  after(async () => {
    await redis.stop();
  });

  it('publish one full cycle exactly as Laravel\'s RedisBroadcaster does, one sample per interval', async () => {
    const subscriber = new Redis(redis.url);
    const received: { channel: string; message: string }[] = [];
    const arrivals = new EventEmitter();
    subscriber.on('pmessage', (_pattern: string, channel: string, message: string) => {
      received.push({ channel, message });
      arrivals.emit('message', received.length);
    });
    await subscriber.psubscribe(`${PREFIX}*`);
    const clock = new ObservedClock(new FakeClock(new Date(2026, 11, 1, 9, 0, 0)));
    const reports: string[] = [];
    const stored: { userId: number; id: string; type: string; data: Record<string, unknown> }[] = [];
    const samples = new SampleBroadcasts({
      redisUrl: redis.url,
      prefix: PREFIX,
      userId: 1001,
      otherUserId: 1002,
      posterChannel: 'poster_room',
      intervalMs: INTERVAL,
      clock,
      report: (line) => reports.push(line),
      storeNotification: (row) => stored.push(row),
    });
    try {
      await samples.start();
      clock.fake.advance(0); // the first sample goes out at once
      let expected = 0;
      for (const [i, kind] of SAMPLE_CYCLE.entries()) {
        expected += kind === 'burst' ? BURST_SIZE : 1;
        if (received.length < expected) await once(arrivals, 'message', { filter: (n) => n === expected, timeoutMs: 5_000 });
        // The next sample waits on the clock: exactly this many messages so far.
        if (clock.scheduled < i + 2) await once(clock, 'scheduled', { filter: (n) => n === i + 2 });
        assert.equal(received.length, expected);
        clock.fake.advance(INTERVAL);
      }
    } finally {
      await samples.stop();
      subscriber.disconnect();
    }
    const [todo, notification, , poster] = received;
    assert.equal(todo?.channel, `${PREFIX}private-todoevent.updated.1001`);
    const todoPayload = JSON.parse(todo?.message ?? '') as { event: string; data: Record<string, unknown> };
    // Byte for byte what Laravel publishes for these broadcastWith() fields.
    assert.equal(todo?.message, laravelPayload('App\\Events\\TodoUpdated', todoPayload.data));
    assert.equal(todoPayload.data['socket'], null);

    assert.equal(notification?.channel, `${PREFIX}private-App.Models.User.1001`);
    const n = JSON.parse(notification?.message ?? '') as { event: string; data: Record<string, unknown>; socket: null };
    assert.equal(n.event, BROADCAST_NOTIFICATION_CREATED);
    assert.match(String(n.data['id']), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(n.data['type'], 'App\\Notifications\\InvoicePaid');
    assert.match(String(n.data['url']), /^\/invoices\/\d+$/);
    assert.equal(n.socket, null);
    // via(['database', 'broadcast']): the same notification is a row (same uuid) for the catch-up after an outage.
    const { id, type, socket: _socket, ...fields } = n.data;
    assert.deepEqual(stored, [{ userId: 1001, id, type, data: fields }]);

    assert.equal(poster?.channel, `${PREFIX}poster_room`);
    const burst = received.slice(5, 5 + BURST_SIZE);
    assert.ok(burst.every((m) => m.channel === `${PREFIX}private-todoevent.updated.1001`));
    assert.equal(received.at(-1)?.channel, `${PREFIX}private-todoevent.updated.1002`, 'one update for another user');
    assert.equal(reports.length, SAMPLE_CYCLE.length);
    assert.match(reports[5] ?? '', /burst of 12/);
  });

  it('the interval comes from the flag, else the environment, else the default, and nonsense is refused', () => {
    assert.equal(demoIntervalMs(undefined, {}), DEFAULT_DEMO_INTERVAL_MS);
    assert.equal(demoIntervalMs(undefined, { [DEMO_INTERVAL_ENV]: '300' }), 300);
    assert.equal(demoIntervalMs('250', { [DEMO_INTERVAL_ENV]: '300' }), 250);
    for (const bad of ['0', '-5', '1.5', 'soon', '9999999999']) {
      assert.throws(() => demoIntervalMs(bad, {}), /whole number of milliseconds/);
    }
  });

  it('--open uses each platform\'s opener, and a machine without one gets a message, not a failure', async (t) => {
    assert.deepEqual(browserCommand('linux', 'http://127.0.0.1:1/k/'), { command: 'xdg-open', args: ['http://127.0.0.1:1/k/'] });
    assert.equal(browserCommand('darwin', 'u').command, 'open');
    assert.deepEqual(browserCommand('win32', 'u'), { command: 'cmd', args: ['/c', 'start', '""', 'u'] });
    const said = new EventEmitter();
    const { PATH } = process.env;
    process.env.PATH = '/nonexistent';
    t.after(() => {
      process.env.PATH = PATH;
    });
    const message = once<[string]>(said, 'line');
    openBrowser('http://127.0.0.1:1/k/', (line) => said.emit('line', line), 'linux');
    const [line] = await message;
    assert.match(line, /could not open a browser \(xdg-open: .*ENOENT.*\); open the address above yourself/);
  });
});

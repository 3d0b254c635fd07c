// Fault: 100,000 fuzzed event payloads (random JSON, broken JSON, huge strings, deep nesting,
// wrong types, unicode, bytes that are not UTF-8), published on Redis and read by the notifier in
// Redis mode, plus 20,000 hostile socket.io packets fed to the socket.io transport. Seeded: a
// failure names its seed and reproduces. Zero crashes; each bad one counted and logged; good ones
// delivered (and written to history, and formatted as the CLI prints them).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { LaravelClient } from '../../app/auth/laravel-client.js';
import { stderrLogger } from '../../app/cli/cli-io.js';
import { notificationJson, notificationLine } from '../../app/cli/format.js';
import { EchoCore, type Delivery } from '../../app/core/echo-core.js';
import { HistoryStore } from '../../app/history/history-store.js';
import { MemoryLogger } from '../../app/log.js';
import type { TrayNotification } from '../../app/pipeline/notification.js';
import { parseProfile, type SocketIoConnection } from '../../app/profile/profile.js';
import type { SocketIoClient } from '../../app/transport/socketio-clients.js';
import { SocketIoTransport } from '../../app/transport/socketio-transport.js';
import { runCore, stackForSuite } from '../support/stack.js';
import { FuzzGenerator } from './fuzz-payloads.js';

const SEED = Number(process.env.ECHO_TRAY_FUZZ_SEED ?? 20261121);
const CASES = 100_000;
const RULES = [{ event: '.backend_poster', title: '{{title}} on {{$channel}}', body: '{{nested.a.a}} {{message}}{{$constructor}}',
  url: '/posters/{{id}}' }];

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_IN_TERMINAL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;

function checkShown(n: TrayNotification): void {
  assert.ok(n.title.length <= 200 && n.body.length <= 2000 && n.url.length <= 2048, `limits: ${n.id}`);
  assert.ok(!CONTROL.test(n.title) && !CONTROL.test(n.body) && !CONTROL.test(n.url),
    `no control or bidi characters reach the user: ${JSON.stringify(n.title)}`);
  assert.ok(!n.body.includes('[native code]'), 'templates read only own properties');
  assert.equal(typeof notificationJson(n), 'string');
  const line = notificationLine(n);
  assert.ok(!UNSAFE_IN_TERMINAL.test(line), `one plain terminal line: ${JSON.stringify(line)}`);
  // A relative link resolves on the Laravel app or is dropped: never rewritten onto another host.
  if (n.url !== '' && URL.canParse(n.url)) assert.notEqual(new URL(n.url).hostname, 'evil.test', n.url);
}

describe(`fault: fuzzed event payloads (seed ${SEED}; set ECHO_TRAY_FUZZ_SEED to replay)`, () => {
  const s = stackForSuite({ echo: false });

  it(`${CASES.toLocaleString('en')} payloads through Redis: zero crashes, each bad one counted and logged, good ones delivered`,
    async (t) => {
    const { stack } = s();
    const run = await runCore(stack, 'redis', { overrides: { channels: ['poster_room'], rules: RULES } });
    run.notifications.stop();
    const history = await HistoryStore.open(join(stack.dir, 'history.jsonl'), { cap: 10_000, logger: run.logger });
    const gen = new FuzzGenerator(SEED);
    const budget = { left: 30 };
    const kinds = new Map<string, number>();
    let good = 0;
    let bad = 0;
    let delivered = 0;
    let malformed = 0;
    let shownProblem: unknown;
    let resolveAll: () => void = () => undefined;
    const all = new Promise<void>((resolve) => (resolveAll = resolve));
    const progress = (): void => {
      if (delivered + malformed === CASES) resolveAll();
    };
    run.core.on('notification', ({ notification }: Delivery) => {
      delivered++;
      history.append(notification);
      try {
        checkShown(notification);
      } catch (err) {
        shownProblem ??= err;
      }
      progress();
    });
    run.core.on('malformed', () => {
      malformed++;
      progress();
    });
    const raw = new Redis(stack.redis.url);
    t.after(async () => {
      raw.disconnect();
      await run.stop();
      await history.close();
    });
    await run.settled();
    for (let i = 0; i < CASES; i += 1000) {
      const pipeline = raw.pipeline();
      for (let j = i; j < Math.min(CASES, i + 1000); j++) {
        const c = gen.next(budget);
        if (c.good) good++;
        else bad++;
        kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
        pipeline.publish('laravel_database_poster_room', c.payload);
      }
      await pipeline.exec();
    }
    const timeout = new Promise<never>((_, reject) => setTimeout(
      () => reject(new Error(`stuck at ${delivered} delivered + ${malformed} malformed of ${CASES}`)),
      120_000,
    ).unref());
    await Promise.race([all, timeout]);
    const context = `seed ${SEED}; cases by kind: ${JSON.stringify(Object.fromEntries(kinds))}`;
    assert.equal(delivered, good, `good ones delivered (${context})`);
    assert.equal(malformed, bad, `bad ones counted (${context})`);
    assert.equal(run.core.stats.malformed, bad);
    assert.equal(run.core.stats.duplicates + run.core.stats.notSubscribed + run.core.stats.overloaded, 0);
    const logged = run.logger.lines.filter((l) => l.message === 'malformed event dropped');
    assert.equal(logged.length, bad, 'each bad one logged');
    assert.ok(logged.every((l) => l.fields.channel === 'poster_room'
      && typeof l.fields.reason === 'string'
      && l.fields.reason !== ''
      && String(l.fields.sample).length <= 201));
    // The same lines as the CLI writes them to stderr: one line each, every control character escaped.
    const stderr = new PassThrough();
    const written: string[] = [];
    stderr.on('data', (chunk: Buffer) => written.push(chunk.toString('utf8')));
    const cliLogger = stderrLogger({ stdout: new PassThrough(), stderr, stdin: new PassThrough(), env: {} }, true);
    for (const l of logged) cliLogger.log(l.level, l.message, l.fields);
    const stderrLines = written.join('').split('\n').slice(0, -1);
    assert.equal(stderrLines.length, bad);
    assert.ok(stderrLines.every((l) => !UNSAFE_IN_TERMINAL.test(l)), 'log fields escaped');
    assert.equal(shownProblem, undefined);
    assert.deepEqual(run.logger.lines.filter((l) => l.level === 'error'), []);
    assert.ok(
      (kinds.get('deep nesting') ?? 0) > 0 && (kinds.get('over maxEventBytes') ?? 0) > 0 && (kinds.get('invalid utf-8') ?? 0) > 0,
      context,
    );

    await history.close();
    const reopened = await HistoryStore.open(join(stack.dir, 'history.jsonl'), { cap: 10_000 });
    await reopened.ready;
    assert.equal(reopened.damaged, 0, 'what was stored reads back');
    assert.equal(reopened.size, Math.min(10_000, good));
    await reopened.close();
  });

  it('20,000 hostile socket.io packets: zero crashes, bad ones counted, good ones delivered', async (t) => {
    const { profile } = parseProfile(s().stack.profileJson('socket.io', { channels: ['poster_room'], rules: RULES }));
    const logger = new MemoryLogger();
    let client: FakeClient | undefined;
    const core = new EchoCore({
      profile,
      session: { token: 't', userId: '8164', user: undefined, expiresAt: undefined },
      laravel: new LaravelClient(profile.laravel),
      logger,
      transportFactory: (p, deps) =>
        new SocketIoTransport({
          settings: p.connection as SocketIoConnection,
          ...deps,
          detect: async () => ({ kind: 'detected', major: 2, sid: undefined }),
          clientFactory: () => (client = new FakeClient()),
        }),
    });
    let delivered = 0;
    core.on('notification', (d) => {
      delivered++;
      checkShown(d.notification);
    });
    const gen = new FuzzGenerator(SEED + 1);
    core.start();
    t.after(async () => {
      await core.stop();
    });
    await new Promise<void>((resolve) => {
      const off = core.on('connection', (s) => {
        if (s.state === 'connected') {
          off();
          resolve();
        }
      });
      const wait = (): void => (client ? client.connect() : void setImmediate(wait));
      wait();
    });
    const fake = client;
    assert.ok(fake);
    let good = 0;
    let bad = 0;
    // Arguments as socket.io's JSON decoding hands them over: own "toString"/"__proto__" keys, deep nesting.
    const w = (value: unknown): unknown => gen.wire(value);
    const deep = (): unknown => JSON.parse(gen.deep(1000 + gen.int(9_000))) as unknown;
    const deepList = (): unknown => JSON.parse(`${'['.repeat(5000)}${']'.repeat(5000)}`) as unknown;
    for (let i = 0; i < 20_000; i++) {
      const roll = gen.int(10);
      if (roll < 4) {
        good++;
        fake.event(gen.pick(['backend_poster', 'App\\Events\\X', gen.text(5).trim() || 'x']), ['poster_room', w(gen.object(3))]);
      } else if (roll < 5) {
        bad++;
        fake.event(
          w(gen.pick<unknown>([42, null, {}, ['x'], { toString: 1 }])),
          ['poster_room', gen.r() < 0.05 ? deep() : w(gen.object(2))],
        );
      } else if (roll < 6) {
        bad++;
        fake.event('backend_poster', [w(gen.pick<unknown>([42, null, {}, ['poster_room'], { toString: 'x' }])), w(gen.object(2))]);
      } else if (roll < 7) {
        bad++;
        fake.event('backend_poster', ['poster_room', gen.r() < 0.05 ? deepList() : gen.pick<unknown>(['text', 42, true, [1]])]);
      } else {
        // Control events with odd arguments, whispers, channels we do not hold: neither shown nor counted as malformed.
        const name = gen.pick([
          'subscription_error',
          'presence:subscribed',
          'presence:joining',
          'presence:leaving',
          'client-typing',
          'backend_poster',
        ]);
        const args = name === 'backend_poster'
          ? ['not-subscribed-channel', {}]
          : Array.from({ length: gen.int(4) }, () => (gen.r() < 0.02 ? deep() : w(gen.value(2))));
        fake.event(name, args);
      }
    }
    await new Promise<void>((resolve) => setImmediate(resolve)); // let a burst's queued slice run
    await core.stop();
    assert.equal(delivered, good);
    assert.equal(core.stats.malformed, bad);
    assert.equal(logger.lines.filter((l) => l.message === 'malformed event dropped').length, bad);
    assert.deepEqual(logger.lines.filter((l) => l.level === 'error'), []);
  });
});

/** A socket.io client whose packets the test writes. */
class FakeClient implements SocketIoClient {
  private connected: () => void = () => undefined;
  private any: (event: unknown, args: readonly unknown[]) => void = () => undefined;
  readonly id = (): string => 'fake-socket';
  onConnect(cb: () => void): void {
    this.connected = cb;
  }
  onDisconnect(): void {}
  onConnectError(): void {}
  onAnyEvent(cb: (event: unknown, args: readonly unknown[]) => void): void {
    this.any = cb;
  }
  emit(): void {}
  close(): void {}
  connect(): void {
    this.connected();
  }
  event(event: unknown, args: readonly unknown[]): void {
    this.any(event, args);
  }
}

// One scenario suite, run against every transport: "works the same" shown, not claimed.
// Prints a transport × scenario table and writes it to test-artifacts/transport-matrix.txt.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { ConnectionStatus } from '../../../app/transport/transport.js';
import { once } from '../../support/events.js';
import { notificationPayload } from '../../support/laravel-broadcast.js';
import { ALICE, BOB, runCoreWithProfile, type RunCoreOptions, type RunningCore } from '../../support/stack.js';
import { startTransportEnvs, type TransportEnv, type TransportEnvs } from '../../support/transport-envs.js';

const MINE = `private-todoevent.updated.${ALICE.id}`;
const NOTIFY = `private-App.Models.User.${ALICE.id}`;
const OTHERS = `private-todoevent.updated.${BOB.id}`;
const ROOM = 'presence-chat.lobby';
const WAIT = 10_000;

const SCENARIOS = [
  'public',
  'private allowed',
  'private refused (403)',
  'expired token (401)',
  'presence join/leave',
  'Laravel notification',
  'relay restart',
  'malformed event',
  'over maxEventBytes',
] as const;
type Scenario = (typeof SCENARIOS)[number];

const results = new Map<string, Map<Scenario, string>>();

function profileFor(env: TransportEnv, channels: readonly string[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'Matrix', laravel: { url: env.laravel.url }, connection: env.connection(), channels, ...extra };
}

async function withCore(
  env: TransportEnv,
  channels: readonly string[],
  body: (run: RunningCore) => Promise<void>,
  opts: RunCoreOptions = {},
  extra: Record<string, unknown> = {},
): Promise<void> {
  const run = await runCoreWithProfile(profileFor(env, channels, extra), opts);
  try {
    await body(run);
  } finally {
    await run.stop();
  }
}

function connectionState(state: ConnectionStatus['state']) {
  return (s: unknown): boolean => (s as ConnectionStatus).state === state;
}

const bodies = (run: RunningCore): string[] => run.notifications.items.map(([d]) => d.notification.body);

const scenarios: Record<Scenario, (env: TransportEnv) => Promise<string | void>> = {
  async public(env) {
    await withCore(env, ['poster_room'], async (run) => {
      await run.settled();
      assert.match(run.core.connection.protocol ?? '', env.protocol);
      await env.publish({
        channels: ['poster_room'],
        event: 'backend_poster',
        data: { msg: 'Poster saved', url: `${env.laravel.url}/posters/1` },
      });
      const [[d]] = (await run.notifications.waitForCount(1, WAIT)) as [[(typeof run.notifications.items)[number][0]]];
      assert.deepEqual(
        [d.notification.channel, d.notification.event, d.notification.title, d.notification.body, d.notification.url],
        ['poster_room', 'backend_poster', 'Backend poster', 'Poster saved', `${env.laravel.url}/posters/1`],
      );
    });
  },

  async 'private allowed'(env) {
    await withCore(env, [MINE], async (run) => {
      await run.settled();
      const auth = env.laravel.authRequests(MINE).at(-1);
      assert.ok(auth, 'the channel was authorized with Laravel');
      assert.equal(auth.status, 200);
      assert.equal(auth.headers['x-requested-with'], 'XMLHttpRequest');
      assert.match(String(auth.headers['authorization']), /^Bearer /);
      await env.publish({
        channels: [MINE],
        event: 'App\\Events\\TodoEventUpdated',
        data: { todo: { id: 5, title: 'Buy milk' }, message: 'Buy milk' },
      });
      await run.notifications.waitForCount(1, WAIT);
      const n = run.notifications.items[0]?.[0].notification;
      assert.deepEqual(
        [n?.channel, n?.event, n?.title, n?.body],
        [MINE, 'App\\Events\\TodoEventUpdated', 'Todo event updated: Buy milk', 'Buy milk'],
      );
    });
  },

  async 'private refused (403)'(env) {
    await withCore(env, [OTHERS, 'poster_room'], async (run) => {
      await run.settled(['poster_room']);
      await run.settled([OTHERS], 'denied', WAIT);
      assert.equal(run.core.channels().find((c) => c.channel === OTHERS)?.httpStatus, 403);
      await env.publish({ channels: [OTHERS], event: 'App\\Events\\TodoEventUpdated', data: { message: "Bob's todo" } });
      await env.publish({ channels: ['poster_room'], event: 'backend_poster', data: { msg: 'canary' } });
      await run.notifications.waitFor((d) => d.notification.body === 'canary', WAIT);
      assert.deepEqual(bodies(run), ['canary'], "Bob's event never reaches Alice");
    });
  },

  async 'expired token (401)'(env) {
    const token = env.laravel.issueToken(ALICE.id);
    await withCore(
      env,
      [MINE, 'poster_room'],
      async (run) => {
        await run.settled();
        const expired = once(run.core, 'session-expired', { timeoutMs: WAIT });
        env.laravel.expireAllTokens();
        run.core.reconnectNow('test: the token expired meanwhile');
        const [status] = await expired;
        assert.equal((status as { httpStatus?: number }).httpStatus, 401);
        await run.settled([MINE], 'expired', WAIT);
        await run.settled(['poster_room'], 'subscribed', WAIT);
      },
      { token },
    );
  },

  async 'presence join/leave'(env) {
    let note: string | undefined;
    await withCore(env, [ROOM], async (alice) => {
      await alice.settled();
      assert.deepEqual(alice.core.presence(ROOM).map((m) => m.id), [String(ALICE.id)]);
      if (env.presence === 'self') {
        note = 'self only (no member events)';
        return;
      }
      const joined = once(
        alice.core,
        'presence',
        { timeoutMs: WAIT, filter: (_c, members) => Array.isArray(members) && members.length === 2 },
      );
      await withCore(
        env,
        [ROOM],
        async (bob) => {
          await bob.settled();
          await joined;
          assert.deepEqual(bob.core.presence(ROOM).map((m) => m.id).sort(), [String(ALICE.id), String(BOB.id)].sort());
        },
        { user: BOB },
      );
      const left = once(
        alice.core,
        'presence',
        { timeoutMs: WAIT, filter: (_c, members) => Array.isArray(members) && members.length === 1 },
      );
      await left;
      assert.deepEqual(alice.core.presence(ROOM).map((m) => m.id), [String(ALICE.id)]);
      assert.equal(alice.notifications.items.length, 0, 'joins and leaves are not notifications');
    });
    return note;
  },

  async 'Laravel notification'(env) {
    await withCore(env, [NOTIFY, 'poster_room'], async (run) => {
      await run.settled();
      const invoice = notificationPayload(ALICE.id, 'App\\Notifications\\InvoicePaid', { message: 'Invoice #12 paid' });
      await env.publish(invoice);
      await env.publish(invoice);
      await env.publish({ channels: ['poster_room'], event: 'backend_poster', data: { msg: 'canary' } });
      await run.notifications.waitFor((d) => d.notification.body === 'canary', WAIT);
      // Different transports may interleave the two channels: compare the notification's own stream.
      const shown = run.notifications.items.map(([d]) => d.notification).filter((n) => n.channel === NOTIFY);
      assert.deepEqual(
        shown.map((n) => [n.id, n.title, n.body, n.type]),
        [[invoice.data.id, 'Invoice paid', 'Invoice #12 paid', 'App\\Notifications\\InvoicePaid']],
      );
      assert.equal(run.core.stats.duplicates, 1, 'the same notification id is shown once');
    });
  },

  async 'relay restart'(env) {
    await withCore(env, ['poster_room', MINE], async (run) => {
      await run.settled();
      const send = (seq: number): Promise<void> => env.publish({
        channels: ['poster_room'],
        event: 'backend_poster',
        data: { msg: `#${seq}`, seq },
      });
      for (let i = 0; i < 3; i++) await send(i);
      await run.notifications.waitForCount(3, WAIT);
      const authBefore = env.laravel.authRequests(MINE).length;
      const lost = once(run.core, 'connection', { timeoutMs: WAIT, filter: connectionState('reconnecting') });
      await env.relay.kill9();
      await lost;
      const back = once(run.core, 'connection', { timeoutMs: 20_000, filter: connectionState('connected') });
      await env.relay.restart();
      await back;
      await run.settled(undefined, 'subscribed', WAIT);
      assert.ok(env.laravel.authRequests(MINE).length > authBefore, 'the private channel was authorized again');
      for (let i = 3; i < 6; i++) await send(i);
      await run.notifications.waitFor((d) => d.notification.body === '#5', WAIT);
      assert.deepEqual(bodies(run), ['#0', '#1', '#2', '#3', '#4', '#5'], 'resubscribed, nothing lost after, no duplicates');
    });
  },

  async 'malformed event'(env) {
    await withCore(env, ['poster_room'], async (run) => {
      await run.settled();
      const bad = await env.publishMalformed('poster_room');
      await env.publish({ channels: ['poster_room'], event: 'backend_poster', data: { msg: 'still alive' } });
      await run.notifications.waitFor((d) => d.notification.body === 'still alive', WAIT);
      assert.deepEqual(bodies(run), ['still alive']);
      assert.equal(run.core.stats.malformed, bad);
      const logged = run.logger.lines.filter((l) => l.message === 'malformed event dropped');
      assert.equal(logged.length, bad);
      assert.ok(logged.every((l) => l.fields.channel === 'poster_room'), 'each is logged with its channel');
    });
  },

  // Issue 12.4: 6 KB (under the 10 KB that Pusher and Reverb servers take) against a 2 KB limit.
  async 'over maxEventBytes'(env) {
    await withCore(env, ['poster_room'], async (run) => {
      await run.settled();
      await env.publish({ channels: ['poster_room'], event: 'backend_poster', data: { msg: 'big', filler: 'x'.repeat(6000) } });
      await env.publish({ channels: ['poster_room'], event: 'backend_poster', data: { msg: 'small' } });
      await run.notifications.waitFor((d) => d.notification.body === 'small', WAIT);
      assert.deepEqual(bodies(run), ['small']);
      assert.equal(run.core.stats.malformed, 1);
      const [logged] = run.logger.lines.filter((l) => l.message === 'malformed event dropped');
      assert.equal(logged?.fields.channel, 'poster_room');
      assert.match(String(logged?.fields.reason), /^payload of \d+ bytes exceeds the 2048-byte limit$/);
    }, {}, { maxEventBytes: 2048 });
  },
};

describe('every transport, the same scenarios (real servers)', () => {
  let envs: TransportEnvs;
  before(async () => {
    envs = await startTransportEnvs();
  });
  after(async () => {
    await envs?.stop();
    const table = renderTable();
    console.log(`\n${table}`);
    await mkdir('test-artifacts', { recursive: true });
    await writeFile('test-artifacts/transport-matrix.txt', `${table}\n`);
  });

  // The environments exist only after `before`: scenarios are declared per row name, looked up at run time.
  const rows = [
    'socket.io v2 (laravel-echo-server)',
    'socket.io v4 relay',
    'pusher (Soketi-like)',
    'reverb',
    'relay (plain)',
    'redis (direct)',
  ];
  for (const row of rows) {
    describe(row, () => {
      for (const scenario of SCENARIOS) {
        it(scenario, async () => {
          const env = envs.all.find((e) => e.name === row);
          assert.ok(env, `no environment named ${row}`);
          const cells = results.get(row) ?? new Map<Scenario, string>();
          results.set(row, cells);
          cells.set(scenario, 'FAIL');
          const note = await scenarios[scenario](env);
          cells.set(scenario, note ? `ok: ${note}` : 'ok');
        });
      }
    });
  }
});

function renderTable(): string {
  const header = ['transport', ...SCENARIOS];
  const lines = [...results.entries()].map(([row, cells]) => [row, ...SCENARIOS.map((s) => cells.get(s) ?? '-')]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const fmt = (cols: readonly string[]): string => `| ${cols.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [fmt(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(fmt)].join('\n');
}

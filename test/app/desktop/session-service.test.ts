// The session service on its own: the views it pushes, logout, the token refresh's jitter, an expired
// session with and without laravel.refresh, and a user lookup that answers too late.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodeJwt } from '../../../app/auth/jwt.js';
import { LaravelClient, type LaravelUser } from '../../../app/auth/laravel-client.js';
import type { SessionView } from '../../../app/bridge/contract.js';
import { EchoCore, type Delivery } from '../../../app/core/echo-core.js';
import type { ControllerHistory } from '../../../app/desktop/services/controller-history.js';
import type { ControllerEvents } from '../../../app/desktop/services/controller-events.js';
import { SessionService } from '../../../app/desktop/services/session-service.js';
import { UserPreferences } from '../../../app/desktop/services/user-preferences.js';
import type { TokenVault } from '../../../app/desktop/ports.js';
import { HistoryStore } from '../../../app/history/history-store.js';
import { translatorFor } from '../../../app/i18n/index.js';
import { MemoryLogger } from '../../../app/log.js';
import { MemoryPreferencesStore, MemoryTokenVault } from '../../../app/preview/preview-ports.js';
import { parseProfile } from '../../../app/profile/profile.js';
import { once } from '../../support/events.js';
import { FakeLaravel } from '../../support/fake-laravel.js';
import { ALICE, BOB } from '../../support/stack.js';
import { FakeClock } from './fake-clock.js';
import { ScriptedBroadcaster } from './scripted-broadcaster.js';

const USER_CHANNEL = 'private-App.Models.User.{userId}';
/** jwt-auth's default token life is 60 minutes; the refresh is due at 75 % of it when no jitter is drawn. */
const REFRESH_DUE_MS = 2_700_000;

interface Gate<T> {
  readonly opened: Promise<void>;
  open(): void;
  /** What the gated call answered, once it has. */
  readonly answer: Promise<T>;
}

/** Holds back calls of one LaravelClient method until the test opens each one, in order. */
function gateCalls<A extends unknown[], T>(call: (...args: A) => Promise<T>): { calls: Gate<T>[]; gated: (...args: A) => Promise<T> } {
  const calls: Gate<T>[] = [];
  const gated = (...args: A): Promise<T> => {
    let open = (): void => undefined;
    const opened = new Promise<void>((resolve) => (open = resolve));
    const answer = opened.then(() => call(...args));
    calls.push({ opened, open, answer });
    return answer;
  };
  return { calls, gated };
}

/** Every promise callback queued so far has run (setImmediate comes after the microtask queue). */
const settled = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('session service', () => {
  const laravel = new FakeLaravel({ users: [ALICE, BOB] });
  let dir: string;
  let n = 0;
  before(async () => {
    await laravel.start();
    dir = await mkdtemp(join(tmpdir(), 'echo-tray-session-service-'));
  });
  after(async () => {
    await laravel.stop();
    await rm(dir, { recursive: true, force: true });
  });

  interface Options {
    readonly refresh?: boolean;
    /** laravel.notifications: the catch-up after an outage (and on the first connection). */
    readonly notifications?: boolean;
    readonly vault?: TokenVault;
    readonly history?: ControllerHistory;
    readonly random?: () => number;
  }

  async function harness(opts: Options = {}) {
    const { profile } = parseProfile({
      name: 'Acme test',
      laravel: {
        url: laravel.url,
        ...(opts.refresh === true ? { refresh: '/api/refresh' } : {}),
        ...(opts.notifications === true ? { notifications: '/api/notifications' } : {}),
      },
      connection: { broadcaster: 'socket.io', host: 'http://127.0.0.1:9' },
      channels: ['poster_room', USER_CHANNEL],
    });
    const client = new LaravelClient(profile.laravel);
    const broadcaster = new ScriptedBroadcaster();
    const logger = new MemoryLogger();
    const clock = new FakeClock(new Date());
    const vault = opts.vault ?? new MemoryTokenVault();
    const history = opts.history ?? (await HistoryStore.open(join(dir, `h${++n}.jsonl`)));
    const pushes: { event: keyof ControllerEvents; value: unknown }[] = [];
    const events = new EventEmitter();
    let channelsChanged = 0;
    const service = new SessionService(
      {
        profile,
        vault,
        laravel: client,
        history,
        prefs: new UserPreferences(new MemoryPreferencesStore(), logger),
        logger,
        coreFactory: (d) => new EchoCore({ ...d, transportFactory: broadcaster.factory }),
        channelsChanged: () => channelsChanged++,
        translator: () => translatorFor('en'),
        clock,
        ...(opts.random ? { random: opts.random } : {}),
      },
      (event, ...args) => {
        pushes.push({ event, value: args[0] });
        events.emit(event, ...args);
      },
    );
    /** The session push that shows this user's name (laravel.me answered). */
    const named = (name: string) => once<[SessionView]>(events, 'push:session', { filter: (s) => s.userName === name });
    const sessions = (): SessionView[] => pushes.filter((p) => p.event === 'push:session').map((p) => p.value as SessionView);
    return { service, client, broadcaster, logger, clock, vault, history, events, pushes, sessions, named, changed: () => channelsChanged };
  }

  const loggedOut = (message: string | null = null): SessionView => ({
    state: 'logged-out',
    email: null,
    userId: null,
    userName: null,
    expiresAt: null,
    message,
    tokenStorage: 'memory',
  });

  it('starts logged out and offline because nobody is logged in', async () => {
    const { service } = await harness();
    assert.deepEqual(service.view, loggedOut());
    assert.deepEqual(service.connectionStatus, { state: 'offline', transport: 'socket.io', reason: 'not logged in' });
  });

  it('a stored token that cannot be read is logged, and the app starts logged out', async () => {
    class UnreadableVault extends MemoryTokenVault {
      override async load(): Promise<undefined> {
        throw new Error('the keychain is locked');
      }
    }
    const { service, logger } = await harness({ vault: new UnreadableVault() });
    await service.start();
    assert.deepEqual(service.view, loggedOut());
    assert.deepEqual(logger.lines.map((l) => [l.level, l.fields['error']]), [['error', 'Error: the keychain is locked']]);
  });

  it('refuses an address without "@" without asking Laravel', async () => {
    const { service } = await harness();
    const mark = laravel.requests.length;
    const result = await service.login('alice.example.test', ALICE.password);
    assert.deepEqual(result, { ok: false, kind: 'invalid-input', message: 'Enter your email address and password.' });
    assert.equal(laravel.requests.length, mark);
  });

  it('a wrong password: "logging in" for that address, then logged out with Laravel\'s reason', async () => {
    const { service, sessions } = await harness();
    const result = await service.login(ALICE.email, 'wrong');
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.kind === 'wrong-credentials');
    assert.deepEqual(
      sessions().map((s) => [s.state, s.email, s.message]),
      [
        ['logging-in', ALICE.email, null],
        ['logged-out', ALICE.email, result.message],
      ],
    );
    assert.notEqual(result.message, '');
  });

  it('a failure of this computer (the token cannot be stored) says "login failed" with the reason', async () => {
    class LockedVault extends MemoryTokenVault {
      override async save(): Promise<void> {
        throw new Error('the keychain is locked');
      }
    }
    const { service } = await harness({ vault: new LockedVault() });
    const result = await service.login(ALICE.email, ALICE.password);
    assert.deepEqual(result, { ok: false, kind: 'server-error', message: 'login failed: the keychain is locked' });
    assert.equal(service.view.state, 'logged-out');
    assert.equal(service.view.message, 'login failed: the keychain is locked');
  });

  it('logged in: the view says until when the token is valid', async () => {
    const { service, vault } = await harness();
    await service.login(ALICE.email, ALICE.password);
    const token = (await vault.load())?.token ?? '';
    const expiresAt = decodeJwt(token)?.expiresAt;
    assert.ok(expiresAt);
    assert.equal(service.view.state, 'logged-in');
    assert.equal(service.view.userId, String(ALICE.id));
    assert.equal(service.view.expiresAt, expiresAt.toISOString());
    await service.stop();
  });

  it('a restored token that is not a JWT: the user is asked for once, and nothing expires', async () => {
    const vault = new MemoryTokenVault({ token: laravel.issueToken(ALICE.id, { kind: 'sanctum' }), email: ALICE.email });
    const { service, client } = await harness({ vault });
    let asked = 0;
    const me = client.me.bind(client);
    client.me = (token) => {
      asked++;
      return me(token);
    };
    await service.start();
    assert.equal(service.view.state, 'logged-in');
    assert.equal(service.view.userName, ALICE.name);
    assert.equal(service.view.expiresAt, null);
    assert.equal(asked, 1);
    await service.stop();
  });

  it('the settings are pushed when the user changes, not when the same user logs in again', async () => {
    const { service, pushes } = await harness();
    const settingsPushes = (): number => pushes.filter((p) => p.event === 'push:settings').length;
    await service.login(ALICE.email, ALICE.password);
    assert.equal(settingsPushes(), 1);
    await service.login(ALICE.email, ALICE.password);
    assert.equal(settingsPushes(), 1);
    await service.login(BOB.email, BOB.password);
    assert.equal(settingsPushes(), 2);
    await service.stop();
  });

  it('logging out: offline, nobody shown, the channel list told; "forget" deletes only the user who was logged in', async () => {
    const store = await HistoryStore.open(join(dir, 'forget.jsonl'));
    const forgotten: unknown[] = [];
    const history: ControllerHistory = Object.assign(Object.create(store) as HistoryStore, {
      useUser: async () => undefined,
      forget: async (userId: string) => void forgotten.push(userId),
    });
    const { service, changed } = await harness({ history });
    await service.login(ALICE.email, ALICE.password);
    const before = changed();
    const view = await service.logout({ forget: true });
    assert.deepEqual(view, loggedOut());
    assert.deepEqual(service.connectionStatus, { state: 'offline', transport: 'socket.io', reason: 'logged out' });
    assert.deepEqual(forgotten, [String(ALICE.id)]);
    assert.ok(changed() > before);
    await service.logout({ forget: true });
    assert.deepEqual(forgotten, [String(ALICE.id)], 'nobody was logged in: nothing more is deleted');
  });

  it('"forget" with a history shared by every user (no per-user files) still logs out', async () => {
    const { service } = await harness();
    await service.login(ALICE.email, ALICE.password);
    assert.deepEqual(await service.logout({ forget: true }), loggedOut());
  });

  it('the history\'s Laravel notifications are known to the new connection, so they are not shown twice', async () => {
    const store = await HistoryStore.open(join(dir, 'known.jsonl'));
    const channel = `private-App.Models.User.${ALICE.id}`;
    const base = { channel, title: 't', body: 'b', url: '', urgency: 'normal' as const };
    const at = (i: number): string => new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
    store.append({ ...base, id: 'broadcast-0', event: 'poster', receivedAt: at(0) }, true);
    for (let i = 1; i <= 150; i++) {
      const event = 'Illuminate\\Notifications\\Events\\BroadcastNotificationCreated';
      store.append({ ...base, id: `n-${i}`, event, type: 'App\\Notifications\\TaskAssigned', receivedAt: at(i) }, true);
    }
    const { service } = await harness({ history: store });
    await service.login(ALICE.email, ALICE.password);
    const core = service.activeCore;
    assert.ok(core);
    assert.equal(core.knowsNotification('n-150', channel), true);
    assert.equal(core.knowsNotification('n-1', channel), true, 'older than one page of the history too');
    assert.equal(core.knowsNotification('broadcast-0', channel), false, 'a plain broadcast is no Laravel notification');
    await service.stop();
  });

  it('the catch-up on login skips notifications the history has, even under another channel', async () => {
    const store = await HistoryStore.open(join(dir, 'catch-up.jsonl'));
    const type = 'App\\Notifications\\TaskAssigned';
    const seen = laravel.storeNotification(ALICE.id, type, { title: 'Seen before' });
    const missed = laravel.storeNotification(ALICE.id, type, { title: 'Missed' });
    store.append({
      id: seen.id,
      channel: 'private-App.User.8164',
      event: 'Illuminate\\Notifications\\Events\\BroadcastNotificationCreated',
      type,
      title: 'Seen before',
      body: '',
      url: '',
      receivedAt: new Date().toISOString(),
      urgency: 'normal',
    }, true);
    const { service, events } = await harness({ history: store, notifications: true });
    const caughtUp = once<[readonly Delivery[]]>(events, 'missed');
    await service.login(ALICE.email, ALICE.password);
    const [deliveries] = await caughtUp;
    assert.deepEqual(deliveries.map((d) => d.notification.id), [missed.id]);
    await service.stop();
  });

  it('a presence change updates the channel list', async () => {
    const { service, broadcaster, changed } = await harness();
    await service.login(ALICE.email, ALICE.password);
    const before = changed();
    broadcaster.listener.onPresence({ kind: 'joining', channel: 'poster_room', member: { id: '7', info: { name: 'Carol' } } });
    assert.equal(changed(), before + 1);
    await service.stop();
  });

  it('the token refresh uses the jitter it is given', async () => {
    const { service, client, clock } = await harness({ refresh: true, random: () => 0 });
    const refreshes: string[] = [];
    const refresh = client.refresh.bind(client);
    client.refresh = (token) => {
      refreshes.push(token);
      return refresh(token);
    };
    await service.login(ALICE.email, ALICE.password);
    // The token's whole-second iat and the real time of the login put the due time within a second or two of 75 %.
    clock.advance(REFRESH_DUE_MS - 2_000);
    assert.equal(refreshes.length, 0, 'no jitter drawn: not before 75 % of the token\'s life');
    clock.advance(4_000);
    assert.equal(refreshes.length, 1);
    await service.stop();
  });

  it('an expired session without laravel.refresh: "log in again", and the user stays shown', async () => {
    const { service, broadcaster, sessions, named } = await harness();
    const lookedUp = named(ALICE.name);
    await service.login(ALICE.email, ALICE.password);
    await lookedUp;
    broadcaster.listener.onChannel({ channel: `private-App.Models.User.${ALICE.id}`, state: 'expired', httpStatus: 401 });
    assert.deepEqual(sessions().at(-1), {
      state: 'expired',
      email: ALICE.email,
      userId: String(ALICE.id),
      userName: ALICE.name,
      expiresAt: null,
      message: 'Your session expired: log in again to receive private channels.',
      tokenStorage: 'memory',
    });
    await service.stop();
  });

  it('logging in again shows the previous user until the new session is open; logged out shows nobody', async () => {
    const { service, sessions, named } = await harness();
    const lookedUp = named(ALICE.name);
    await service.login(ALICE.email, ALICE.password);
    await lookedUp;
    const login = service.login(BOB.email, BOB.password);
    assert.deepEqual(
      [service.view.state, service.view.email, service.view.userId, service.view.userName],
      ['logging-in', BOB.email, String(ALICE.id), ALICE.name],
    );
    await login;
    assert.equal(service.view.userId, String(BOB.id));
    await service.logout();
    assert.deepEqual(sessions().at(-1), loggedOut());
  });

  it('an expired channel with laravel.refresh: a refreshed token keeps the session', async () => {
    const { service, client, broadcaster, sessions } = await harness({ refresh: true, random: () => 0 });
    const refreshed: Promise<unknown>[] = [];
    const refresh = client.refresh.bind(client);
    client.refresh = (token) => {
      const answer = refresh(token);
      refreshed.push(answer);
      return answer;
    };
    await service.login(ALICE.email, ALICE.password);
    broadcaster.listener.onChannel({ channel: `private-App.Models.User.${ALICE.id}`, state: 'expired', httpStatus: 401 });
    assert.equal(refreshed.length, 1);
    await refreshed[0];
    await settled();
    assert.equal(service.view.state, 'logged-in');
    assert.ok(sessions().every((s) => s.state !== 'expired'));
    await service.stop();
  });

  it('an expired channel with laravel.refresh: a refused refresh ends the session, unless the user logged out meanwhile', async () => {
    for (const logoutMeanwhile of [false, true]) {
      const { service, client, broadcaster, sessions } = await harness({ refresh: true, random: () => 0 });
      const { calls, gated } = gateCalls(client.refresh.bind(client));
      client.refresh = gated;
      await service.login(ALICE.email, ALICE.password);
      laravel.expireAllTokens();
      broadcaster.listener.onChannel({ channel: `private-App.Models.User.${ALICE.id}`, state: 'expired', httpStatus: 401 });
      assert.equal(calls.length, 1);
      if (logoutMeanwhile) await service.logout();
      calls[0]?.open();
      await calls[0]?.answer.catch(() => undefined);
      await settled();
      const expired = sessions().filter((s) => s.state === 'expired');
      if (logoutMeanwhile) {
        assert.deepEqual(expired, []);
        assert.equal(service.view.state, 'logged-out');
      } else {
        assert.equal(service.view.state, 'expired');
        assert.equal(expired.length, 1);
      }
      await service.stop();
    }
  });

  it('a user\'s name that arrives after the session changed is not shown on the next one', async () => {
    const { service, client } = await harness();
    const { calls, gated } = gateCalls<[string], LaravelUser>(client.me.bind(client));
    client.me = gated;
    const login = client.login.bind(client);
    const answered = async (i: number): Promise<void> => {
      calls[i]?.open();
      await calls[i]?.answer;
      await settled();
    };
    await service.login(ALICE.email, ALICE.password);
    await service.logout();
    await answered(0);
    assert.deepEqual(service.view, loggedOut(), 'logged out meanwhile');

    await service.login(ALICE.email, ALICE.password);
    const logins = gateCalls(login);
    client.login = logins.gated;
    const bob = service.login(BOB.email, BOB.password);
    await answered(1);
    assert.equal(service.view.state, 'logging-in');
    assert.equal(service.view.userName, null, 'Bob is logging in: not Alice\'s name');
    client.login = login;
    logins.calls[0]?.open();
    await bob;
    await service.login(ALICE.email, ALICE.password);
    await answered(2);
    assert.equal(service.view.userName, null, 'Alice\'s session: not Bob\'s name');
    assert.equal(service.view.email, ALICE.email);
    await answered(3);
    assert.equal(service.view.userName, ALICE.name);
    await service.stop();
  });

  it('a user lookup that fails keeps the session and is logged for the administrator', async () => {
    const { service, client, logger } = await harness();
    client.me = () => Promise.reject(new Error('timed out'));
    await service.login(ALICE.email, ALICE.password);
    await settled();
    assert.equal(service.view.state, 'logged-in');
    assert.equal(service.view.userName, null);
    assert.ok(logger.lines.some((l) => l.level === 'debug' && l.fields['error'] === 'timed out'));
    await service.stop();
  });
});

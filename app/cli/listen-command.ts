import { join } from 'node:path';
import { LaravelClient, LoginError } from '../auth/laravel-client.js';
import { keepSession } from '../auth/keep-session.js';
import { openSession, type Session } from '../auth/session.js';
import { newestEntryTime, watchMissedNotifications } from '../catch-up/missed-notifications.js';
import { EchoCore } from '../core/echo-core.js';
import { systemClock } from '../util/clock.js';
import { gapEntry } from '../history/gap-entry.js';
import { HistoryStore } from '../history/history-store.js';
import { defaultDataDir, slug } from '../paths.js';
import type { Profile } from '../profile/profile.js';
import type { ChannelStatus } from '../transport/transport.js';
import { redactUrl } from '../util/redact-url.js';
import { status, stderrLogger, EXIT, type CliIo } from './cli-io.js';
import { readCredentials } from './credentials.js';
import { channelLine, connectionLine, notificationJson, notificationLine } from './format.js';
import { errorMessage } from '../util/error-reason.js';

export interface ListenOptions {
  readonly profile: Profile;
  readonly email: string | undefined;
  readonly json: boolean;
  readonly tokenEnv: string;
  readonly history: string | false | undefined;
  readonly verbose: boolean;
}

/** `echo-tray listen`: every broadcast on the user's channels, one line each, until Ctrl-C. */
export async function listenCommand(opts: ListenOptions, io: CliIo, stopSignal: AbortSignal): Promise<number> {
  const { profile } = opts;
  const logger = stderrLogger(io, opts.verbose);
  const laravel = new LaravelClient(profile.laravel);
  const credentials = await readCredentials({ email: opts.email, tokenEnv: opts.tokenEnv }, io);

  let session: Session;
  try {
    status(io, `logging in to ${profile.laravel.url}${'email' in credentials ? ` as ${credentials.email}` : ' with a bearer token'}`);
    session = await openSession(laravel, credentials);
  } catch (err) {
    if (err instanceof LoginError) {
      status(io, `login failed: ${err.message}`);
      return EXIT.userError;
    }
    throw err;
  }
  status(io, `logged in as user ${session.userId}${session.expiresAt ? ` (token expires ${session.expiresAt.toISOString()})` : ''}`);

  const history = opts.history === false ? undefined : await HistoryStore.open(
    opts.history ?? join(defaultDataDir(io.env), `history-${slug(profile.name)}.jsonl`), { cap: profile.history.cap, logger });
  // Damaged lines are reported by the history itself (a warning on stderr) once the whole file is
  // read: damage past the first page is only found by the background load.

  const core = new EchoCore({ profile, session, laravel, logger });
  for (const entry of history?.list({ limit: 1000 }).items ?? []) {
    if (entry.type !== undefined) core.rememberNotificationId(entry.id, entry.channel);
  }
  const server = profile.connection.broadcaster === 'redis' ? redactUrl(profile.connection.url) : profile.connection.host;
  core.on('connection', (s) => {
    const line = connectionLine(s, server);
    if (line) status(io, line);
  });
  core.on('channel', (s) => status(io, channelLine(s)));
  core.on('presence', (channel, members) =>
    status(io, `presence ${channel}: ${members.length} here (${members.map((m) => m.id).join(', ')})`));
  core.on('notification', ({ notification, missed, alreadyRead }) => {
    // Already read in Laravel: recorded, not raised. The line goes out first; the history's write is batched after it.
    if (alreadyRead !== true) {
      io.stdout.write(`${opts.json ? notificationJson(notification, missed === true) : notificationLine(notification)}\n`);
    }
    history?.append(notification, alreadyRead === true);
  });
  // The token lives in memory only: a refreshed one is never written anywhere.
  const keeper = keepSession({ core, client: laravel, session, clock: systemClock, logger });
  const missed = watchMissedNotifications({
    core,
    client: laravel,
    logger,
    path: profile.laravel.notifications,
    isKnown: (id) => history?.get(id) !== undefined,
    startSince: newestEntryTime(history),
    onMissed: (deliveries) => {
      const raised = deliveries.filter((d) => d.alreadyRead !== true).length;
      if (raised > 0) status(io, `${raised} notification${raised === 1 ? '' : 's'} while offline`);
    },
    onGap: (gap) => history?.append(gapEntry(gap), true),
  });
  let lastRelogin = 0;
  core.on('session-expired', (s) => void keeper.recover().then((refreshed) => {
    if (!refreshed) sessionExpired(s);
  }));
  const sessionExpired = (s: ChannelStatus): void => {
    if (!('email' in credentials) || Date.now() - lastRelogin < 60_000) {
      const how = 'email' in credentials ? '' : ` with a fresh token in $${opts.tokenEnv}`;
      status(io, `session expired (Laravel answered 401 for ${s.channel}): log in again${how}`);
      return;
    }
    lastRelogin = Date.now();
    status(io, 'session expired: logging in again');
    openSession(laravel, credentials).then(
      (fresh) => {
        core.replaceSession(fresh);
        keeper.adopt(fresh);
      },
      (err: unknown) => status(io, `login again failed: ${errorMessage(err)}`),
    );
  };

  // A transport that gave up (Pusher 4000-4099: wrong app key, app disabled…) will not come back by
  // itself, and nothing would keep the process alive: end on purpose, as "something to fix".
  let gaveUp = false;
  core.start();
  await new Promise<void>((resolve) => {
    if (stopSignal.aborted) resolve();
    else stopSignal.addEventListener('abort', () => resolve(), { once: true });
    core.on('connection', (s) => {
      if (s.state !== 'offline') return;
      gaveUp = true;
      resolve();
    });
  });
  keeper.stop();
  missed.stop();
  await core.stop();
  await history?.close();
  const s = core.stats;
  status(io, `stopped: ${s.delivered} delivered, ${s.malformed} malformed, ${s.duplicates} duplicates dropped`);
  return gaveUp ? EXIT.userError : EXIT.ok;
}

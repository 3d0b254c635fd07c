import { LoginError, type ChannelAuthResult, type LaravelAnswer, type LaravelClient } from '../auth/laravel-client.js';
import { openSession, type Credentials, type Session } from '../auth/session.js';
import { fail, pass, type DoctorCheck } from './check.js';
import { errorReason } from '../util/error-reason.js';
import { redactUrl } from '../util/redact-url.js';

const GUARD_FIX =
  "put the broadcasting auth route behind the API guard: in app/Providers/BroadcastServiceProvider.php, Broadcast::routes(['middleware' "
    + "=> ['auth:api']]) (or 'auth:sanctum'), or point laravel.authEndpoint at a route that is";

/** Any HTTP answer proves the app is reachable; `laravel.me` without a token should say 401. */
export async function checkLaravelReachable(client: LaravelClient, timeoutMs: number): Promise<DoctorCheck> {
  const base = redactUrl(client.settings.url);
  let res: LaravelAnswer;
  try {
    res = await client.request({ method: 'GET', path: client.settings.me, timeoutMs });
  } catch (err) {
    return fail(
      'laravel',
      `cannot reach the Laravel app at ${base}: ${errorReason(err)}`,
      'check laravel.url in the profile (scheme, host and port), that the app is running, and that this machine can reach it (VPN, '
        + 'proxy, firewall)',
    );
  }
  if (res.status === 503) {
    return fail(
      'laravel',
      `${base} answers 503 Service Unavailable: the app is in maintenance mode or overloaded`,
      'bring the app back up (php artisan up), then run the doctor again',
    );
  }
  if (res.status >= 500) {
    return fail(
      'laravel',
      `${base} answers HTTP ${res.status} on ${client.settings.me}: the app itself fails`,
      "look at the app's storage/logs/laravel.log",
    );
  }
  const how = res.status === 401 ? 'HTTP 401 without a token, as an API route should' : `HTTP ${res.status}`;
  return pass('laravel', `${base} answers (${client.settings.me}: ${how})`);
}

export interface LoginOutcome {
  readonly check: DoctorCheck;
  readonly session: Session | undefined;
}

const LOGIN_FIXES: Record<LoginError['kind'], string> = {
  'wrong-credentials': 'check the email and the password in $ECHO_TRAY_PASSWORD, or log in again for a fresh token',
  unreachable: 'check laravel.url and that the app is running',
  'no-token': 'laravel.login must be the JSON login route that answers {"access_token": …} (tymon/jwt-auth) or {"token": …} (Sanctum)',
  rejected: 'read the message above: the app refused the login as sent',
  'server-error': 'check laravel.login and laravel.me in the profile, and the app\'s storage/logs/laravel.log',
};

/** Logs in (or takes the token), asks `laravel.me` who that is, and says when the token expires. */
export async function checkLogin(client: LaravelClient, credentials: Credentials | string, now: Date): Promise<LoginOutcome> {
  if (typeof credentials === 'string') {
    return {
      check: fail(
        'login',
        credentials,
        'pass --email EMAIL with the password in $ECHO_TRAY_PASSWORD, or a bearer token in $ECHO_TRAY_TOKEN',
      ),
      session: undefined,
    };
  }
  const how = 'token' in credentials ? 'the bearer token' : `${credentials.email}`;
  let session: Session;
  try {
    session = await openSession(client, credentials);
  } catch (err) {
    if (err instanceof LoginError) {
      return { check: fail('login', `login as ${how} failed: ${err.message}`, LOGIN_FIXES[err.kind]), session: undefined };
    }
    throw err;
  }
  let note = '';
  if (session.user === undefined) {
    // openSession trusts a JWT's `sub`; the doctor also wants to know that the app accepts the token.
    try {
      session = { ...session, user: await client.me(session.token) };
    } catch (err) {
      if (!(err instanceof LoginError)) throw err;
      if (err.kind === 'wrong-credentials') {
        return { check: fail('login', `Laravel refused the token: ${err.message}`, LOGIN_FIXES[err.kind]), session: undefined };
      }
      note = ` (${client.settings.me} failed: ${err.message}; not needed while the token names the user)`;
    }
  }
  const who = session.user?.email ?? session.user?.name;
  return {
    check: pass('login', `${who ? `${who} is ` : ''}user ${session.userId}; ${expiryText(session.expiresAt, now)}${note}`),
    session,
  };
}

export function expiryText(expiresAt: Date | undefined, now: Date): string {
  if (expiresAt === undefined) {
    return 'the token does not say when it expires (an opaque token, e.g. Sanctum): if it is revoked, private channels fail on the next '
      + 'reconnect';
  }
  const minutes = Math.round((expiresAt.getTime() - now.getTime()) / 60_000);
  const left = minutes >= 120 ? `${Math.round(minutes / 60)} h` : `${minutes} min`;
  const soon = minutes < 10 ? ': soon, so expect "session expired" on the next reconnect unless the app logs in again' : '';
  return `the token expires at ${expiresAt.toISOString()} (in ${left})${soon}`;
}

export interface ChannelAuthContext {
  readonly userId: string;
  readonly authEndpoint: string;
  /** Every private channel of the profile was refused with this same status. */
  readonly allRefusedAlike: boolean;
}

/** `/broadcasting/auth`'s answer for one channel, in words, with the fix. */
export function explainChannelAuth(channel: string, answer: ChannelAuthResult, ctx: ChannelAuthContext): DoctorCheck {
  const name = `channel-auth ${channel}`;
  if (answer.ok) {
    const presence = channel.startsWith('presence-');
    return pass(name, `authorized for user ${ctx.userId}${presence ? ' (presence: Laravel returned the member data)' : ''}`);
  }
  const s = answer.status;
  if (s === 419) {
    return fail(
      name,
      `HTTP 419 (CSRF token mismatch) from ${ctx.authEndpoint}: you are hitting the web guard, not the api guard`,
      GUARD_FIX,
    );
  }
  if (s >= 300 && s < 400) {
    return fail(name, `${answer.reason}: you are hitting the web guard, not the api guard`, GUARD_FIX);
  }
  if (s === 401) {
    return fail(
      name,
      `HTTP 401 from ${ctx.authEndpoint}: it does not accept the token that laravel.me accepts, so the route checks another guard`,
      GUARD_FIX,
    );
  }
  if (s === 403) {
    const hint = ctx.allRefusedAlike
      ? '; every private channel is refused, so the route may not see the user at all (web guard without a session)'
      : '';
    return fail(
      name,
      `HTTP 403: Laravel refused ${channel} for user ${ctx.userId}${hint}`,
      `check the channel name in the profile ({userId} becomes ${ctx.userId}) and its Broadcast::channel() rule in `
        + `routes/channels.php${ctx.allRefusedAlike ? `; if the rules are right, ${GUARD_FIX}` : ''}`,
    );
  }
  if (s === 404) {
    return fail(
      name,
      `HTTP 404: there is no route at ${ctx.authEndpoint}`,
      'register Broadcast::routes() (enable App\\Providers\\BroadcastServiceProvider in config/app.php) or correct laravel.authEndpoint',
    );
  }
  if (s === 0) return fail(name, answer.reason, 'check laravel.url and that the app is running');
  if (s >= 500) {
    return fail(
      name,
      `HTTP ${s} from ${ctx.authEndpoint}: the app fails while authorizing (${answer.reason})`,
      "look at the app's storage/logs/laravel.log (BROADCAST_DRIVER=redis? the channel rule throwing?)",
    );
  }
  return fail(name, `${ctx.authEndpoint} answered ${answer.reason}`, "look at the app's storage/logs/laravel.log");
}

export function isGuardedChannel(channel: string): boolean {
  return channel.startsWith('private-') || channel.startsWith('presence-');
}

/**
 * Asks `/broadcasting/auth` for every private and presence channel, the way the relay would. The
 * pusher and reverb broadcasters sign `socket_id:channel` and refuse a request without a socket id.
 */
export async function checkChannelAuth(
  client: LaravelClient,
  session: Session,
  channels: readonly string[],
  socketId?: string,
): Promise<DoctorCheck[]> {
  const guarded = channels.filter(isGuardedChannel);
  const answers = await Promise.all(guarded.map(async (channel) => ({
    channel,
    answer: await client.authorizeChannel(session.token, channel, socketId),
  })));
  const statuses = new Set(answers.map((a) => a.answer.status));
  const allRefusedAlike = answers.length > 1 && statuses.size === 1 && answers.every((a) => !a.answer.ok);
  return answers.map(({ channel, answer }) => explainChannelAuth(
    channel,
    answer,
    { userId: session.userId, authEndpoint: client.settings.authEndpoint, allRefusedAlike },
  ));
}

import PusherServerSdk from 'pusher';
import {
  DemoLaravel,
  httpError,
  json,
  type Answer,
  type AuthorizedResult,
  type DemoLaravelOptions,
  type DemoUser,
  type InterceptedRequest,
} from '../../app/demo/demo-laravel.js';

export {
  expectsJson,
  type ChannelRule,
  type ChannelRuleResult,
  type IssueTokenOptions,
  type LoginResponseShape,
  type PublicUser,
  type RecordedRequest,
  type WaitForRequestOptions,
} from '../../app/demo/demo-laravel.js';

/** A user of the fake app (the password is only ever compared, never returned). */
export type FakeUser = DemoUser;

/** '503': maintenance mode (`php artisan down`); 'reset': the connection is dropped unanswered. */
export type DownMode = '503' | 'reset' | false;

/**
 * BROADCAST_DRIVER=pusher (or reverb): config/broadcasting.php's key, secret and app id, and the
 * optional end-to-end encryption master key (`encryption_master_key_base64`).
 */
export interface PusherDriverSettings {
  readonly appId: string;
  readonly key: string;
  readonly secret: string;
  readonly encryptionMasterKeyBase64?: string;
}

/**
 * A refusal on one path: 429 as the `throttle` middleware answers (ThrottleRequestsException:
 * `Retry-After` and `X-RateLimit-*` headers, "Too Many Attempts."), or 419 as VerifyCsrfToken's
 * TokenMismatchException renders ("CSRF token mismatch.", "Page Expired").
 */
export type RefusalMode = { readonly status: 429; readonly retryAfterSeconds: number } | { readonly status: 419 } | false;

export interface FakeLaravelOptions extends DemoLaravelOptions {
  /** Answer `/broadcasting/auth` as the pusher (or reverb) broadcaster does; default: the redis broadcaster. */
  readonly pusher?: PusherDriverSettings;
}

/**
 * The tests' customer Laravel app: the demo's stand-in (app/demo/demo-laravel.ts, faithful to Laravel 8 +
 * tymon/jwt-auth) plus the faults a real app shows (maintenance mode, dropped connections, slowness) and
 * the pusher/reverb broadcaster's signed `/broadcasting/auth` answers.
 */
export class FakeLaravel extends DemoLaravel {
  /** Set: `/broadcasting/auth` answers as PusherBroadcaster does (may be changed between requests). */
  pusherDriver: PusherDriverSettings | undefined;
  private down: DownMode = false;
  private latencyMs = 0;
  private refusal: { mode: Exclude<RefusalMode, false>; path: string } | null = null;
  private authThrottle: AuthThrottle | undefined;

  constructor(opts: FakeLaravelOptions) {
    super(opts);
    this.pusherDriver = opts.pusher;
  }

  /** `setDown(true)` = '503'. */
  setDown(mode: DownMode | true): void {
    this.down = mode === true ? '503' : mode;
  }

  /** Refuse every request to `path` (default: the broadcasting auth endpoint) this way; `false` stops. */
  setRefusal(mode: RefusalMode, path = '/broadcasting/auth'): void {
    this.refusal = mode === false ? null : { mode, path };
  }

  /** Hold every answer this long (a slow app; timers, not a busy wait). */
  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  /**
   * `/broadcasting/auth` behind Laravel's `throttle:<perWindow>,…` middleware at a fixed rate: at
   * most `perWindow` answers per window of `windowMs` (default 1000), the rest 429 "Too Many
   * Attempts." with `Retry-After: <retryAfterSeconds>` (as ThrottleRequests sends). `false` lifts it.
   */
  throttleAuth(opts: { perWindow: number; retryAfterSeconds: number; windowMs?: number } | false): void {
    this.authThrottle = opts === false ? undefined : { ...opts, windowMs: opts.windowMs ?? 1000, windowStart: 0, used: 0 };
  }

  protected override async intercept(wantsJson: boolean, request: InterceptedRequest): Promise<Answer | 'reset' | null> {
    // 'received': the request is in (before any latency), for tests that race its answer.
    this.emit('received', request);
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
    if (this.down === 'reset') return 'reset';
    if (this.down === '503') return httpError(503, 'Service Unavailable', wantsJson);
    if (this.refusal && this.refusal.path === request.path) return refusalAnswer(this.refusal.mode, wantsJson);
    if (request.path === '/broadcasting/auth' && this.authThrottle && !takeThrottleSlot(this.authThrottle, Date.now())) {
      const t = this.authThrottle;
      const headers = {
        'Retry-After': String(t.retryAfterSeconds), 'X-RateLimit-Limit': String(t.perWindow), 'X-RateLimit-Remaining': '0',
      };
      return { ...json(429, { message: 'Too Many Attempts.' }), headers: { 'Content-Type': 'application/json', ...headers } };
    }
    return null;
  }

  protected override authorizedAnswer(
    user: FakeUser, channelName: string, input: Record<string, unknown>, result: AuthorizedResult,
  ): Answer {
    if (!this.pusherDriver) return super.authorizedAnswer(user, channelName, input, result);
    const presence = result === true ? undefined : { user_id: user.id, user_info: result };
    return pusherAuthAnswer(this.pusherDriver, channelName, input['socket_id'], presence);
  }
}

/**
 * PusherBroadcaster::validAuthenticationResponse: the pusher SDK signs `socket_id:channel` (plus
 * `:channel_data` for presence) and adds the encrypted channel's shared secret. An invalid socket id
 * makes the SDK throw, which Laravel renders as a 500.
 */
function pusherAuthAnswer(
  settings: PusherDriverSettings, channel: string, socketId: unknown, presence: { user_id: number; user_info: unknown } | undefined,
): Answer {
  const sdk = new PusherServerSdk({
    appId: settings.appId,
    key: settings.key,
    secret: settings.secret,
    host: '127.0.0.1',
    ...(settings.encryptionMasterKeyBase64 ? { encryptionMasterKeyBase64: settings.encryptionMasterKeyBase64 } : {}),
  });
  try {
    // Laravel signs the integer id (getAuthIdentifier()); the SDK's typing insists on a string.
    const data = presence as unknown as PusherServerSdk.PresenceChannelData | undefined;
    return json(200, sdk.authorizeChannel(typeof socketId === 'string' ? socketId : '', channel, data));
  } catch {
    return json(500, { message: 'Server Error' });
  }
}

/** Handler::render of the throttle's or the CSRF check's exception, with the throttle's headers. */
function refusalAnswer(mode: Exclude<RefusalMode, false>, wantsJson: boolean): Answer {
  if (mode.status === 419) return httpError(419, 'CSRF token mismatch.', wantsJson);
  const answer = httpError(429, 'Too Many Attempts.', wantsJson);
  const reset = Math.floor(Date.now() / 1000) + mode.retryAfterSeconds;
  const limits = {
    'Retry-After': String(mode.retryAfterSeconds), 'X-RateLimit-Limit': '60', 'X-RateLimit-Remaining': '0',
    'X-RateLimit-Reset': String(reset),
  };
  return { ...answer, headers: { ...answer.headers, ...limits } };
}

interface AuthThrottle {
  readonly perWindow: number;
  readonly retryAfterSeconds: number;
  readonly windowMs: number;
  windowStart: number;
  used: number;
}

/** A fixed window: `perWindow` requests, then none until the window is over. */
function takeThrottleSlot(t: AuthThrottle, now: number): boolean {
  if (now - t.windowStart >= t.windowMs) {
    t.windowStart = now;
    t.used = 0;
  }
  if (t.used >= t.perWindow) return false;
  t.used++;
  return true;
}

import type { IncomingHttpHeaders } from 'node:http';
import type { LaravelSettings } from '../profile/profile.js';
import { errorReason } from '../util/error-reason.js';
import { sendHttp } from '../util/http-request.js';
import { redactUrl } from '../util/redact-url.js';

export type LoginFailure = 'wrong-credentials' | 'unreachable' | 'no-token' | 'rejected' | 'server-error';

/** A login that cannot succeed by retrying as is: the message is what the user reads. */
export class LoginError extends Error {
  constructor(readonly kind: LoginFailure, message: string, readonly status?: number) {
    super(message);
    this.name = 'LoginError';
  }
}

/** Answer of `/broadcasting/auth`. status 0 = the Laravel app could not be reached. */
export type ChannelAuthResult =
  | { readonly ok: true; readonly status: number; readonly body: unknown }
  | { readonly ok: false; readonly status: number; readonly reason: string; readonly retryAfter?: string };

export interface LaravelUser {
  readonly id: string;
  readonly name: string | undefined;
  readonly email: string | undefined;
}

/** A refreshed token: tymon/jwt-auth's `{"access_token", "token_type", "expires_in"}` (seconds). */
export interface RefreshedToken {
  readonly token: string;
  readonly expiresInSeconds: number | undefined;
}

/** Any bearer-authenticated JSON call. status 0 = the Laravel app could not be reached. */
export type JsonAnswer = ChannelAuthResult;

export interface LaravelClientOptions {
  readonly timeoutMs?: number;
}

/** One call to the Laravel app. `path` is a path on laravel.url or an absolute http(s) URL. */
export interface LaravelRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  /** Added to (and overriding) `Accept: application/json` and `X-Requested-With: XMLHttpRequest`. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Default: the client's timeout. */
  readonly timeoutMs?: number;
}

/** `body`: the JSON answer parsed, else its text, else undefined when empty. */
export interface LaravelAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

/** Laravel answers larger than this are refused (a user, a token, an auth signature are small). */
const MAX_ANSWER_BYTES = 1024 * 1024;

/**
 * The calls Echo Tray makes to the customer's Laravel app. Every request says it wants JSON
 * and is an XHR: without that, Laravel answers a guest with a 302 to its login page, not a 401.
 */
export class LaravelClient {
  private readonly timeoutMs: number;

  constructor(readonly settings: LaravelSettings, opts: LaravelClientOptions = {}) {
    this.timeoutMs = opts.timeoutMs ?? 10_000;
  }

  endpoint(pathOrUrl: string): string {
    return /^https?:\/\//.test(pathOrUrl) ? pathOrUrl : this.settings.url + pathOrUrl;
  }

  async login(email: string, password: string): Promise<string> {
    const url = redactUrl(this.endpoint(this.settings.login));
    let res: LaravelAnswer;
    try {
      res = await this.request({ method: 'POST', path: this.settings.login, headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email, password }) });
    } catch (err) {
      throw new LoginError('unreachable', `cannot reach ${redactUrl(this.settings.url)}: ${errorReason(err)}`);
    }
    const body = res.body;
    if (res.status === 401 || res.status === 422 || res.status === 403) {
      const detail = laravelMessage(body);
      if (res.status === 422) {
        throw new LoginError('rejected', `login rejected: ${detail ?? 'the server did not accept the email or password'}`, res.status);
      }
      throw new LoginError('wrong-credentials',
        `wrong email or password (${redactUrl(this.settings.url)} answered ${res.status}${detail ? `: ${detail}` : ''})`, res.status);
    }
    if (res.status === 429) throw new LoginError('rejected', 'too many login attempts: wait a minute before trying again (HTTP 429)', 429);
    if (res.status >= 300 && res.status < 400) {
      const to = redactUrl(res.headers.location ?? '?');
      const why = `login answered a redirect (${res.status} to ${to}): ${url} is not a JSON login endpoint; check laravel.login`;
      throw new LoginError('server-error', why, res.status);
    }
    if (!isOk(res)) throw new LoginError('server-error', `login failed: ${url} answered HTTP ${res.status}`, res.status);
    const token = extractToken(body);
    if (token === undefined) {
      throw new LoginError('no-token', `login succeeded but the answer of ${url} has no "access_token" or "token" field`, res.status);
    }
    return token;
  }

  async me(token: string): Promise<LaravelUser> {
    const url = redactUrl(this.endpoint(this.settings.me));
    let res: LaravelAnswer;
    try {
      res = await this.request({ method: 'GET', path: this.settings.me, headers: { Authorization: `Bearer ${token}` } });
    } catch (err) {
      throw new LoginError('unreachable', `cannot reach ${redactUrl(this.settings.url)}: ${errorReason(err)}`);
    }
    const body = res.body;
    if (res.status === 401 || res.status === 403) {
      throw new LoginError('wrong-credentials', `the token was refused by ${url} (HTTP ${res.status}): log in again`, res.status);
    }
    if (!isOk(res)) throw new LoginError('server-error', `${url} answered HTTP ${res.status}`, res.status);
    const user = isRecord(body) && isRecord(body.data) && body.id === undefined ? body.data : body;
    if (!isRecord(user) || (typeof user.id !== 'number' && typeof user.id !== 'string')) {
      throw new LoginError('server-error', `${url} answered without a user "id"; check laravel.me`);
    }
    return {
      id: String(user.id),
      name: typeof user.name === 'string' ? user.name : undefined,
      email: typeof user.email === 'string' ? user.email : undefined,
    };
  }

  /**
   * `POST laravel.refresh` with the current token, as tymon/jwt-auth's AuthController::refresh
   * answers it (the `jwt.refresh` middleware puts the new token in the Authorization header instead).
   * 401/403 = refused for good (past refresh_ttl, blacklisted, or only live tokens refresh there).
   */
  async refresh(token: string): Promise<RefreshedToken> {
    const path = this.settings.refresh;
    if (path === undefined) throw new LoginError('server-error', 'laravel.refresh is not set in the profile');
    const url = redactUrl(this.endpoint(path));
    let res: LaravelAnswer;
    try {
      res = await this.request({ method: 'POST', path, headers: { Authorization: `Bearer ${token}` } });
    } catch (err) {
      throw new LoginError('unreachable', `cannot reach ${redactUrl(this.settings.url)}: ${errorReason(err)}`);
    }
    const body = res.body;
    if (res.status === 401 || res.status === 403) {
      const detail = laravelMessage(body);
      const why = `HTTP ${res.status}${detail ? `: ${detail}` : ''}`;
      throw new LoginError('wrong-credentials', `${url} refused to refresh the token (${why}): log in again`, res.status);
    }
    if (!isOk(res)) throw new LoginError('server-error', `${url} answered HTTP ${res.status}`, res.status);
    const header = res.headers.authorization;
    const fromHeader = /^bearer\s+(\S+)$/i.exec(typeof header === 'string' ? header : '')?.[1];
    const refreshed = extractToken(body) ?? fromHeader;
    if (refreshed === undefined) {
      throw new LoginError('no-token', `the answer of ${url} has no "access_token" or "token" field; check laravel.refresh`, res.status);
    }
    const expiresIn = isRecord(body) ? body.expires_in : undefined;
    return { token: refreshed, expiresInSeconds: typeof expiresIn === 'number' && expiresIn > 0 ? expiresIn : undefined };
  }

  /** A bearer-authenticated JSON request (`laravel.notifications`, `laravel.markRead`). Never throws. */
  bearerJson(method: 'GET' | 'POST', pathOrUrl: string, token: string): Promise<JsonAnswer> {
    return this.answerOf(pathOrUrl, { method, path: pathOrUrl, headers: { Authorization: `Bearer ${token}` } });
  }

  /** POSTs `/broadcasting/auth` the way laravel-echo does (form body, bearer token). Never throws. */
  async authorizeChannel(token: string, channel: string, socketId?: string): Promise<ChannelAuthResult> {
    const form = new URLSearchParams({ channel_name: channel });
    if (socketId !== undefined) form.set('socket_id', socketId);
    return this.answerOf(this.settings.authEndpoint, {
      method: 'POST',
      path: this.settings.authEndpoint,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
  }

  /** One request whose every outcome is an answer: unreachable (status 0), a redirect explained, an error status with Laravel's message. */
  private async answerOf(path: string, req: LaravelRequest): Promise<JsonAnswer> {
    let res: LaravelAnswer;
    try {
      res = await this.request(req);
    } catch (err) {
      return { ok: false, status: 0, reason: `Laravel unreachable: ${errorReason(err)}` };
    }
    const body = res.body;
    if (isOk(res)) return { ok: true, status: res.status, body };
    if (res.status >= 300 && res.status < 400) {
      const to = redactUrl(res.headers.location ?? 'a login page');
      return { ok: false, status: res.status, reason: `redirected to ${to}: ${path} is behind the web (session) guard, not the api guard` };
    }
    const detail = laravelMessage(body);
    // The raw header: app/transport/retry-after.ts decides what it means for the caller.
    const retryAfter = res.headers['retry-after'];
    const reason = `HTTP ${res.status}${detail ? `: ${detail}` : ''}`;
    return { ok: false, status: res.status, reason, ...(retryAfter !== undefined ? { retryAfter } : {}) };
  }

  /**
   * The one way this client talks to Laravel: never follows a redirect (the 3xx is the answer),
   * gives up after the timeout. Throws only when there is no HTTP answer (network, timeout).
   */
  async request(req: LaravelRequest): Promise<LaravelAnswer> {
    const timeoutMs = req.timeoutMs ?? this.timeoutMs;
    const answer = await sendHttp({
      method: req.method,
      url: new URL(this.endpoint(req.path)),
      headers: { ...baseHeaders(), ...req.headers },
      body: req.body,
      timeoutMs,
      maxBytes: MAX_ANSWER_BYTES,
      overflow: 'fail',
    });
    return { status: answer.status, headers: answer.headers, body: parseAnswer(answer.text) };
  }
}

function isOk(res: LaravelAnswer): boolean {
  return res.status >= 200 && res.status < 300;
}

function baseHeaders(): Record<string, string> {
  return { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' };
}

function parseAnswer(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function extractToken(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  const candidates = [
    body.access_token,
    body.token,
    isRecord(body.data) ? body.data.access_token : undefined,
    isRecord(body.data) ? body.data.token : undefined,
  ];
  return candidates.find((c): c is string => typeof c === 'string' && c.length > 0);
}

/** Laravel's JSON errors: `{"message": …}` (exceptions, validation) or jwt-auth's `{"error": …}`. */
function laravelMessage(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  if (isRecord(body.errors)) {
    const first = Object.values(body.errors).flat().find((v): v is string => typeof v === 'string');
    if (first) return first;
  }
  for (const key of ['message', 'error']) {
    const v = body[key];
    if (typeof v === 'string' && v !== '') return v;
  }
  return undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import type { LaravelSettings } from '../profile/profile.js';
import { errorReason } from '../util/error-reason.js';

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

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface LaravelClientOptions {
  readonly fetch?: FetchLike;
  readonly timeoutMs?: number;
}

/**
 * The three calls Echo Tray makes to the customer's Laravel app. Every request says it wants JSON
 * and is an XHR: without that, Laravel answers a guest with a 302 to its login page, not a 401.
 */
export class LaravelClient {
  private readonly fetchImpl: FetchLike;
  private readonly timeoutMs: number;

  constructor(readonly settings: LaravelSettings, opts: LaravelClientOptions = {}) {
    this.fetchImpl = opts.fetch ?? ((input, init) => fetch(input, init));
    this.timeoutMs = opts.timeoutMs ?? 10_000;
  }

  endpoint(pathOrUrl: string): string {
    return /^https?:\/\//.test(pathOrUrl) ? pathOrUrl : this.settings.url + pathOrUrl;
  }

  async login(email: string, password: string): Promise<string> {
    const url = this.endpoint(this.settings.login);
    let res: Response;
    try {
      res = await this.request(url, {
        method: 'POST',
        headers: { ...baseHeaders(), 'Content-Type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
    } catch (err) {
      throw new LoginError('unreachable', `cannot reach ${this.settings.url}: ${errorReason(err)}`);
    }
    const body = await readJson(res);
    if (res.status === 401 || res.status === 422 || res.status === 403) {
      const detail = laravelMessage(body);
      if (res.status === 422) throw new LoginError('rejected', `login rejected: ${detail ?? 'the server did not accept the email or password'}`, res.status);
      throw new LoginError('wrong-credentials', `wrong email or password (${this.settings.url} answered ${res.status}${detail ? `: ${detail}` : ''})`, res.status);
    }
    if (res.status === 429) throw new LoginError('rejected', 'too many login attempts: wait a minute before trying again (HTTP 429)', 429);
    if (res.status >= 300 && res.status < 400) {
      throw new LoginError('server-error', `login answered a redirect (${res.status} to ${res.headers.get('location') ?? '?'}): ${url} is not a JSON login endpoint; check laravel.login`, res.status);
    }
    if (!res.ok) throw new LoginError('server-error', `login failed: ${url} answered HTTP ${res.status}`, res.status);
    const token = extractToken(body);
    if (token === undefined) {
      throw new LoginError('no-token', `login succeeded but the answer of ${url} has no "access_token" or "token" field`, res.status);
    }
    return token;
  }

  async me(token: string): Promise<LaravelUser> {
    const url = this.endpoint(this.settings.me);
    let res: Response;
    try {
      res = await this.request(url, { method: 'GET', headers: { ...baseHeaders(), Authorization: `Bearer ${token}` } });
    } catch (err) {
      throw new LoginError('unreachable', `cannot reach ${this.settings.url}: ${errorReason(err)}`);
    }
    const body = await readJson(res);
    if (res.status === 401 || res.status === 403) throw new LoginError('wrong-credentials', `the token was refused by ${url} (HTTP ${res.status}): log in again`, res.status);
    if (!res.ok) throw new LoginError('server-error', `${url} answered HTTP ${res.status}`, res.status);
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

  /** POSTs `/broadcasting/auth` the way laravel-echo does (form body, bearer token). Never throws. */
  async authorizeChannel(token: string, channel: string, socketId?: string): Promise<ChannelAuthResult> {
    const url = this.endpoint(this.settings.authEndpoint);
    const form = new URLSearchParams({ channel_name: channel });
    if (socketId !== undefined) form.set('socket_id', socketId);
    let res: Response;
    try {
      res = await this.request(url, {
        method: 'POST',
        headers: { ...baseHeaders(), Authorization: `Bearer ${token}`, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
    } catch (err) {
      return { ok: false, status: 0, reason: `Laravel unreachable: ${errorReason(err)}` };
    }
    const body = await readJson(res);
    if (res.ok) return { ok: true, status: res.status, body };
    if (res.status >= 300 && res.status < 400) {
      return { ok: false, status: res.status, reason: `redirected to ${res.headers.get('location') ?? 'a login page'}: ${this.settings.authEndpoint} is behind the web (session) guard, not the api guard` };
    }
    const detail = laravelMessage(body);
    // The raw header: app/transport/retry-after.ts decides what it means for the caller.
    const retryAfter = res.headers.get('retry-after') ?? undefined;
    const reason = `HTTP ${res.status}${detail ? `: ${detail}` : ''}`;
    return { ok: false, status: res.status, reason, ...(retryAfter !== undefined ? { retryAfter } : {}) };
  }

  private request(url: string, init: RequestInit): Promise<Response> {
    return this.fetchImpl(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(this.timeoutMs) });
  }
}

function baseHeaders(): Record<string, string> {
  return { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' };
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text().catch(() => '');
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function extractToken(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  const candidates = [body.access_token, body.token, isRecord(body.data) ? body.data.access_token : undefined, isRecord(body.data) ? body.data.token : undefined];
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

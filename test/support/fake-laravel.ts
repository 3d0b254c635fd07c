import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import PusherServerSdk from 'pusher';

/** A user of the fake app (the password is only ever compared, never returned). */
export interface FakeUser {
  readonly id: number;
  readonly name: string;
  readonly email: string;
  readonly password: string;
}

/** What `GET /api/user` answers: Laravel 8's default User model serialised (password hidden). */
export interface PublicUser {
  readonly id: number;
  readonly name: string;
  readonly email: string;
  readonly email_verified_at: null;
  readonly created_at: string;
  readonly updated_at: string;
}

/**
 * - 'jwt': tymon/jwt-auth's AuthController: `{"access_token", "token_type": "bearer", "expires_in"}`
 * - 'sanctum': `{"token": "<id>|<40 chars>"}`, an opaque Sanctum personal access token
 * - 'no-token': 200 `{"message": "ok"}` (a login answer without any token)
 */
export type LoginResponseShape = 'jwt' | 'sanctum' | 'no-token';

/** '503': maintenance mode (`php artisan down`); 'reset': the connection is dropped unanswered. */
export type DownMode = '503' | 'reset' | false;

/**
 * Result of a channel rule, as in routes/channels.php: false/null/undefined refuse (the next
 * matching rule is tried), `true` authorizes a private channel, an object authorizes a presence
 * channel and becomes `user_info`.
 */
export type ChannelRuleResult = boolean | Readonly<Record<string, unknown>> | null | undefined;
export type ChannelRule = (user: FakeUser, match: RegExpMatchArray) => ChannelRuleResult;

export interface FakeLaravelOptions {
  readonly users: readonly FakeUser[];
  /** HS256 secret (JWT_SECRET). Default: random. */
  readonly jwtSecret?: string;
  /** JWT lifetime and `expires_in` of the login answer (default 3600 = jwt-auth's 60 minutes). */
  readonly tokenTtlSeconds?: number;
  readonly loginResponseShape?: LoginResponseShape;
  /**
   * The Redis prefix RedisBroadcaster::auth strips from `channel_name` before matching
   * (database.redis.options.prefix; default 'laravel_database_').
   */
  readonly redisPrefix?: string;
  /**
   * Register the default routes/channels.php rules (default true): `todoevent.updated.{id}` and
   * `App.Models.User.{id}` for the user with that id, `chat.{room}` for everyone (presence).
   */
  readonly defaultChannelRules?: boolean;
  /** Answer `/broadcasting/auth` as the pusher (or reverb) broadcaster does; default: the redis broadcaster. */
  readonly pusher?: PusherDriverSettings;
}

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

export interface IssueTokenOptions {
  /** Lifetime from now; negative = already expired. Default: tokenTtlSeconds. */
  readonly expiresInSeconds?: number;
  /** 'jwt' (default) or an opaque 'sanctum' token. */
  readonly kind?: 'jwt' | 'sanctum';
}

export interface RecordedRequest {
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: IncomingHttpHeaders;
  /** Raw request body. */
  readonly body: string;
  /** Laravel's `$request->input()`: query merged with the parsed JSON or form body. */
  readonly input: Readonly<Record<string, unknown>>;
  /** HTTP status answered; 0 when the connection was reset (setDown('reset')). */
  readonly status: number;
  readonly responseBody: string;
  /** Date.now() when the answer was sent. */
  readonly at: number;
}

export interface WaitForRequestOptions {
  readonly timeoutMs?: number;
  /**
   * Index in `requests` from which to look (default: requests.length at call time, i.e. only
   * future requests). Take `const mark = fake.requests.length` before triggering to avoid a race.
   */
  readonly since?: number;
}

interface JwtClaims {
  iss: string;
  iat: number;
  exp: number;
  nbf: number;
  jti: string;
  sub: string;
  prv: string;
}

interface SanctumToken {
  readonly userId: number;
  readonly hash: string;
  readonly expiresAt: number | null;
}

/** jwt-auth's `prv` claim: sha1 of the authenticated model's class name. */
const USER_MODEL_CLASS = 'App\\Models\\User';
const PRV = createHash('sha1').update(USER_MODEL_CLASS).digest('hex');
const JWT_HEADER = b64url(JSON.stringify({ typ: 'JWT', alg: 'HS256' }));

function b64url(input: string | Buffer): string {
  return Buffer.from(input).toString('base64url');
}

/** Laravel's Str::random: alphanumeric. */
function strRandom(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

/** Laravel 8 serialises dates as "2021-06-01T12:00:00.000000Z". */
function laravelDate(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

const HTML_TITLES: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  503: 'Service Unavailable',
};

/**
 * A FAKE of the customer's Laravel 8 app (node:http), not Laravel: it answers the way Laravel 8 +
 * tymon/jwt-auth (the `auth:api` guard) + `Broadcast::routes(['middleware' => ['auth:api']])` with
 * the redis broadcaster (or, with the `pusher` option, the pusher/reverb broadcaster) do, for the
 * endpoints Echo Tray talks to:
 *
 * - `POST /api/login` (JSON or form): jwt-auth's AuthController answer, 401 `{"error":"Unauthorized"}`,
 *   422 validation errors (302 back for non-JSON requests, as Laravel does).
 * - `GET /api/user`, `POST /api/refresh`, `POST /api/logout` behind `auth:api`.
 * - `GET|POST /broadcasting/auth`: RedisBroadcaster::auth (or PusherBroadcaster's signed answers) +
 *   routes/channels.php rules.
 * - `GET /login`: a login page, the target of Laravel's guest redirect.
 *
 * Unauthenticated requests get 401 `{"message":"Unauthenticated."}` when `$request->expectsJson()`
 * (X-Requested-With: XMLHttpRequest with no specific Accept, or an Accept that wants JSON), else a 302
 * to /login. Refusals render as AccessDeniedHttpException does: 403 `{"message":""}`.
 *
 * Every request is recorded in `requests` and emitted as a `'request'` event (after the answer).
 */
export class FakeLaravel extends EventEmitter {
  readonly jwtSecret: string;
  readonly tokenTtlSeconds: number;
  readonly redisPrefix: string;
  loginResponseShape: LoginResponseShape;
  /** Set: `/broadcasting/auth` answers as PusherBroadcaster does (may be changed between requests). */
  pusherDriver: PusherDriverSettings | undefined;
  readonly requests: RecordedRequest[] = [];

  private readonly users = new Map<number, FakeUser>();
  private readonly createdAt = new Map<number, string>();
  private readonly extraRules: { pattern: RegExp; rule: ChannelRule }[] = [];
  private defaultRules: { pattern: RegExp; rule: ChannelRule }[];
  private readonly issuedJtis = new Set<string>();
  private readonly revokedJtis = new Set<string>();
  private readonly sanctumTokens = new Map<string, SanctumToken>();
  private nextSanctumId = 1;
  private down: DownMode = false;
  private latencyMs = 0;
  private authThrottle: AuthThrottle | undefined;
  private server: Server | null = null;
  private lastPort: number | null = null;

  constructor(opts: FakeLaravelOptions) {
    super();
    this.jwtSecret = opts.jwtSecret ?? randomBytes(32).toString('base64url');
    this.tokenTtlSeconds = opts.tokenTtlSeconds ?? 3600;
    this.redisPrefix = opts.redisPrefix ?? 'laravel_database_';
    this.loginResponseShape = opts.loginResponseShape ?? 'jwt';
    this.pusherDriver = opts.pusher;
    for (const user of opts.users) this.addUser(user);
    this.defaultRules =
      opts.defaultChannelRules === false
        ? []
        : [
            // Broadcast::channel('todoevent.updated.{id}', fn ($user, $id) => $user->id == $id);
            { pattern: /^todoevent\.updated\.([^.]+)$/, rule: (user, m) => user.id === Number(m[1]) },
            // Broadcast::channel('App.Models.User.{id}', fn ($user, $id) => (int) $user->id === (int) $id);
            { pattern: /^App\.Models\.User\.([^.]+)$/, rule: (user, m) => user.id === parseInt(m[1] ?? '', 10) },
            // Broadcast::channel('chat.{room}', fn ($user) => ['id' => $user->id, 'name' => $user->name]);
            { pattern: /^chat\.([^.]+)$/, rule: (user) => ({ id: user.id, name: user.name }) },
          ];
  }

  // ------------------------------------------------------------------------------------------
  // lifecycle

  /** Base URL, e.g. 'http://127.0.0.1:41234' (throws before the first start()). */
  get url(): string {
    if (this.lastPort === null) throw new Error('FakeLaravel: start() it first');
    return `http://127.0.0.1:${this.lastPort}`;
  }

  get port(): number {
    if (this.lastPort === null) throw new Error('FakeLaravel: start() it first');
    return this.lastPort;
  }

  /**
   * Listen on 127.0.0.1. Default port: the previous one after a stop() (so a test can take the app
   * away, connection refused, and bring it back on the same URL), else a free one.
   */
  async start(port?: number): Promise<void> {
    if (this.server) throw new Error(`FakeLaravel already listening on ${this.url}`);
    const server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        // A client that went away mid-request: nothing to answer.
        if (!res.headersSent && !res.destroyed) {
          res.statusCode = 500;
          res.end(JSON.stringify({ message: `FakeLaravel: ${err instanceof Error ? err.message : String(err)}` }));
        }
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port: port ?? this.lastPort ?? 0, host: '127.0.0.1' }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.lastPort = (server.address() as AddressInfo).port;
  }

  /** Close the listener and every open connection. Idempotent. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  // ------------------------------------------------------------------------------------------
  // test controls

  addUser(user: FakeUser): void {
    this.users.set(user.id, user);
    this.createdAt.set(user.id, laravelDate(new Date()));
  }

  /** `setDown(true)` = '503'. */
  setDown(mode: DownMode | boolean): void {
    this.down = mode === true ? '503' : mode;
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

  /** Add a routes/channels.php rule, tried before the defaults. See {@link ChannelRuleResult}. */
  allowChannel(pattern: RegExp, rule: ChannelRule): this {
    this.extraRules.push({ pattern, rule });
    return this;
  }

  /** Remove every channel rule (defaults included): every channel is then refused with 403. */
  clearChannelRules(): void {
    this.extraRules.length = 0;
    this.defaultRules = [];
  }

  /** A token the app would accept for `userId` (as if that user had logged in). */
  issueToken(userId: number, opts: IssueTokenOptions = {}): string {
    if (!this.users.has(userId)) throw new Error(`FakeLaravel.issueToken: no user ${userId}`);
    const ttl = opts.expiresInSeconds ?? this.tokenTtlSeconds;
    if (opts.kind === 'sanctum') return this.issueSanctum(userId, opts.expiresInSeconds);
    return this.issueJwt(userId, ttl, this.lastPort === null ? 'http://127.0.0.1/api/login' : `${this.url}/api/login`);
  }

  /** Every token issued so far (JWT or Sanctum) is now refused with 401. New ones still work. */
  expireAllTokens(): void {
    for (const jti of this.issuedJtis) this.revokedJtis.add(jti);
    this.sanctumTokens.clear();
  }

  /** The user a token belongs to, or null if the app would refuse it now. */
  userForToken(token: string): FakeUser | null {
    return this.resolveToken(token);
  }

  /** Recorded `/broadcasting/auth` requests, optionally for one channel_name. */
  authRequests(channel?: string): RecordedRequest[] {
    return this.requests.filter(
      (r) => r.path === '/broadcasting/auth' && (channel === undefined || r.input['channel_name'] === channel),
    );
  }

  /** Wait (event-driven) for a recorded request matching `predicate`. */
  waitForRequest(predicate: (r: RecordedRequest) => boolean, opts: WaitForRequestOptions = {}): Promise<RecordedRequest> {
    const timeoutMs = opts.timeoutMs ?? 5_000;
    const since = opts.since ?? this.requests.length;
    const already = this.requests.slice(since).find(predicate);
    if (already) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const onRequest = (r: RecordedRequest): void => {
        if (!predicate(r)) return;
        clearTimeout(timer);
        this.off('request', onRequest);
        resolve(r);
      };
      const timer = setTimeout(() => {
        this.off('request', onRequest);
        const seen = this.requests.slice(since).map((r) => `  ${r.method} ${r.path} -> ${r.status}`).join('\n') || '  (none)';
        reject(new Error(`FakeLaravel: no matching request within ${timeoutMs} ms; requests since #${since}:\n${seen}`));
      }, timeoutMs);
      this.on('request', onRequest);
    });
  }

  // ------------------------------------------------------------------------------------------
  // tokens

  private issueJwt(userId: number, ttlSeconds: number, iss: string): string {
    const now = Math.floor(Date.now() / 1000);
    const claims: JwtClaims = {
      iss,
      iat: now,
      exp: now + ttlSeconds,
      nbf: now,
      jti: strRandom(16),
      sub: String(userId),
      prv: PRV,
    };
    this.issuedJtis.add(claims.jti);
    const body = `${JWT_HEADER}.${b64url(JSON.stringify(claims))}`;
    return `${body}.${createHmac('sha256', this.jwtSecret).update(body).digest('base64url')}`;
  }

  private issueSanctum(userId: number, expiresInSeconds: number | undefined): string {
    const id = this.nextSanctumId++;
    const plain = strRandom(40);
    this.sanctumTokens.set(String(id), {
      userId,
      hash: createHash('sha256').update(plain).digest('hex'),
      expiresAt: expiresInSeconds === undefined ? null : Date.now() + expiresInSeconds * 1000,
    });
    return `${id}|${plain}`;
  }

  private resolveToken(token: string): FakeUser | null {
    if (token.includes('|')) return this.resolveSanctum(token);
    return this.resolveJwt(token);
  }

  private resolveSanctum(token: string): FakeUser | null {
    const bar = token.indexOf('|');
    const record = this.sanctumTokens.get(token.slice(0, bar));
    if (!record) return null;
    const hash = createHash('sha256').update(token.slice(bar + 1)).digest('hex');
    if (hash !== record.hash) return null;
    if (record.expiresAt !== null && record.expiresAt <= Date.now()) return null;
    return this.users.get(record.userId) ?? null;
  }

  private resolveJwt(token: string): FakeUser | null {
    const claims = this.verifyJwt(token);
    if (!claims) return null;
    return this.users.get(Number(claims.sub)) ?? null;
  }

  /** Signature + jwt-auth's claim checks (exp, nbf, iat, prv, blacklist). */
  private verifyJwt(token: string): JwtClaims | null {
    const parts = token.split('.');
    if (parts.length !== 3) return null;
    const [h, p, s] = parts as [string, string, string];
    try {
      const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as { alg?: unknown };
      if (header.alg !== 'HS256') return null;
      const expected = createHmac('sha256', this.jwtSecret).update(`${h}.${p}`).digest();
      const given = Buffer.from(s, 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Partial<JwtClaims>;
      const now = Date.now() / 1000;
      if (typeof claims.exp !== 'number' || claims.exp <= now) return null;
      if (typeof claims.nbf === 'number' && claims.nbf > now) return null;
      if (typeof claims.iat === 'number' && claims.iat > now + 1) return null;
      if (claims.prv !== undefined && claims.prv !== PRV) return null;
      if (typeof claims.jti !== 'string' || this.revokedJtis.has(claims.jti)) return null;
      if (typeof claims.sub !== 'string') return null;
      return claims as JwtClaims;
    } catch {
      return null;
    }
  }

  /** jwt-auth's parser chain: Authorization: Bearer, then `token` in the query or the input. */
  private tokenFrom(req: IncomingMessage, input: Record<string, unknown>): string | null {
    const header = req.headers.authorization;
    if (header) {
      const m = /bearer\s*(\S+)/i.exec(header);
      if (m?.[1]) return m[1];
    }
    const fromInput = input['token'];
    return typeof fromInput === 'string' && fromInput ? fromInput : null;
  }

  // ------------------------------------------------------------------------------------------
  // HTTP

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const parsed = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query: Record<string, string> = {};
    for (const [k, v] of parsed.searchParams) query[k] = v;
    const input: Record<string, unknown> = { ...query, ...parseBody(req, body) };
    const method = (req.method ?? 'GET').toUpperCase();
    const path = parsed.pathname;

    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));

    const record = (status: number, responseBody: string): void => {
      const entry: RecordedRequest = { method, path, query, headers: req.headers, body, input, status, responseBody, at: Date.now() };
      this.requests.push(entry);
      this.emit('request', entry);
    };

    if (this.down === 'reset') {
      req.socket.destroy();
      record(0, '');
      return;
    }

    const answer = this.route(req, method, path, input);
    res.statusCode = answer.status;
    res.setHeader('Cache-Control', 'no-cache, private');
    for (const [k, v] of Object.entries(answer.headers)) res.setHeader(k, v);
    res.end(answer.body, () => record(answer.status, answer.body));
  }

  private route(req: IncomingMessage, method: string, path: string, input: Record<string, unknown>): Answer {
    const wantsJson = expectsJson(req);
    if (this.down === '503') return httpError(503, 'Service Unavailable', wantsJson);

    const routes: Record<string, { methods: string[]; handler: () => Answer }> = {
      '/api/login': { methods: ['POST'], handler: () => this.login(req, input, wantsJson) },
      '/api/user': { methods: ['GET', 'HEAD'], handler: () => this.withUser(req, input, wantsJson, (u) => json(200, this.publicUser(u))) },
      '/api/refresh': {
        methods: ['POST'],
        handler: () =>
          this.withUser(req, input, wantsJson, (u) => {
            this.revoke(this.tokenFrom(req, input));
            return json(200, { access_token: this.issueJwt(u.id, this.tokenTtlSeconds, this.requestUrl(req, '/api/refresh')), token_type: 'bearer', expires_in: this.tokenTtlSeconds });
          }),
      },
      '/api/logout': {
        methods: ['POST'],
        handler: () =>
          this.withUser(req, input, wantsJson, () => {
            this.revoke(this.tokenFrom(req, input));
            return json(200, { message: 'Successfully logged out' });
          }),
      },
      '/broadcasting/auth': {
        methods: ['GET', 'HEAD', 'POST'],
        handler: () => this.withUser(req, input, wantsJson, (u) => this.broadcastAuth(u, input, wantsJson)),
      },
      '/login': {
        methods: ['GET', 'HEAD'],
        handler: () => ({ status: 200, headers: { 'Content-Type': 'text/html; charset=UTF-8' }, body: '<!DOCTYPE html><html><head><title>Login</title></head><body><form method="POST" action="/login"></form></body></html>' }),
      },
    };
    const route = routes[path];
    if (!route) return httpError(404, '', wantsJson);
    if (path === '/broadcasting/auth' && this.authThrottle && !takeThrottleSlot(this.authThrottle, Date.now())) {
      const t = this.authThrottle;
      const headers = { 'Retry-After': String(t.retryAfterSeconds), 'X-RateLimit-Limit': String(t.perWindow), 'X-RateLimit-Remaining': '0' };
      return { ...json(429, { message: 'Too Many Attempts.' }), headers: { 'Content-Type': 'application/json', ...headers } };
    }
    if (!route.methods.includes(method)) {
      return httpError(405, `The ${method} method is not supported for this route. Supported methods: ${route.methods.join(', ')}.`, wantsJson);
    }
    return route.handler();
  }

  private login(req: IncomingMessage, input: Record<string, unknown>, wantsJson: boolean): Answer {
    const email = input['email'];
    const password = input['password'];
    const errors: Record<string, string[]> = {};
    if (email === undefined || email === null || email === '') errors['email'] = ['The email field is required.'];
    else if (typeof email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(email)) errors['email'] = ['The email must be a valid email address.'];
    if (password === undefined || password === null || password === '') errors['password'] = ['The password field is required.'];
    if (Object.keys(errors).length > 0) {
      if (!wantsJson) return redirect(typeof req.headers.referer === 'string' ? req.headers.referer : this.requestUrl(req, '/'));
      return json(422, { message: 'The given data was invalid.', errors });
    }
    const user = [...this.users.values()].find((u) => u.email === email && u.password === password);
    if (!user) return json(401, { error: 'Unauthorized' });
    switch (this.loginResponseShape) {
      case 'sanctum':
        return json(200, { token: this.issueSanctum(user.id, undefined) });
      case 'no-token':
        return json(200, { message: 'ok' });
      case 'jwt':
        return json(200, {
          access_token: this.issueJwt(user.id, this.tokenTtlSeconds, this.requestUrl(req, '/api/login')),
          token_type: 'bearer',
          expires_in: this.tokenTtlSeconds,
        });
    }
  }

  /** The `auth:api` middleware. */
  private withUser(req: IncomingMessage, input: Record<string, unknown>, wantsJson: boolean, next: (u: FakeUser) => Answer): Answer {
    const token = this.tokenFrom(req, input);
    const user = token ? this.resolveToken(token) : null;
    if (!user) {
      if (wantsJson) return json(401, { message: 'Unauthenticated.' });
      return redirect(this.requestUrl(req, '/login'));
    }
    return next(user);
  }

  /** RedisBroadcaster::auth + Broadcaster::verifyUserCanAccessChannel + validAuthenticationResponse. */
  private broadcastAuth(user: FakeUser, input: Record<string, unknown>, wantsJson: boolean): Answer {
    const raw = input['channel_name'];
    const channelName = typeof raw === 'string' ? raw : '';
    if (!channelName) return httpError(403, '', wantsJson);
    const normalized = normalizeChannelName(this.redisPrefix ? channelName.split(this.redisPrefix).join('') : channelName);
    // Test-added rules also match the full name (e.g. /^private-foo$/) for convenience.
    const candidates = [
      ...this.extraRules.map((r) => ({ ...r, names: [normalized, channelName] })),
      ...this.defaultRules.map((r) => ({ ...r, names: [normalized] })),
    ];
    for (const { pattern, rule, names } of candidates) {
      for (const name of names) {
        pattern.lastIndex = 0;
        const match = name.match(pattern);
        if (!match) continue;
        const result = rule(user, match);
        if (this.pusherDriver && (result === true || (result && typeof result === 'object'))) {
          return pusherAuthAnswer(this.pusherDriver, channelName, input['socket_id'], result === true ? undefined : { user_id: user.id, user_info: result });
        }
        if (result === true) return { status: 200, headers: { 'Content-Type': 'text/html; charset=UTF-8' }, body: 'true' };
        if (result && typeof result === 'object') {
          return {
            status: 200,
            headers: { 'Content-Type': 'text/html; charset=UTF-8' },
            body: JSON.stringify({ channel_data: { user_id: user.id, user_info: result } }),
          };
        }
        break; // falsy: Laravel moves on to the next registered pattern
      }
    }
    return httpError(403, '', wantsJson);
  }

  private revoke(token: string | null): void {
    if (!token) return;
    if (token.includes('|')) {
      this.sanctumTokens.delete(token.slice(0, token.indexOf('|')));
      return;
    }
    const claims = this.verifyJwt(token);
    if (claims) this.revokedJtis.add(claims.jti);
  }

  private publicUser(u: FakeUser): PublicUser {
    const at = this.createdAt.get(u.id) ?? laravelDate(new Date());
    return { id: u.id, name: u.name, email: u.email, email_verified_at: null, created_at: at, updated_at: at };
  }

  private requestUrl(req: IncomingMessage, path: string): string {
    return `http://${req.headers.host ?? `127.0.0.1:${this.lastPort ?? 80}`}${path}`;
  }
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

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function json(status: number, data: unknown): Answer {
  return { status, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(data) };
}

function redirect(location: string): Answer {
  return {
    status: 302,
    headers: { Location: location, 'Content-Type': 'text/html; charset=UTF-8' },
    body: `<!DOCTYPE html>\n<html><head><meta charset="UTF-8" /><meta http-equiv="refresh" content="0;url='${location}'" /><title>Redirecting to ${location}</title></head><body>Redirecting to <a href="${location}">${location}</a>.</body></html>`,
  };
}

/**
 * PusherBroadcaster::validAuthenticationResponse: the pusher SDK signs `socket_id:channel` (plus
 * `:channel_data` for presence) and adds the encrypted channel's shared secret. An invalid socket id
 * makes the SDK throw, which Laravel renders as a 500.
 */
function pusherAuthAnswer(settings: PusherDriverSettings, channel: string, socketId: unknown, presence: { user_id: number; user_info: unknown } | undefined): Answer {
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

/** Handler::render of an HttpException with debug off: `{"message": …}` or an HTML error page. */
function httpError(status: number, message: string, wantsJson: boolean): Answer {
  if (wantsJson) return json(status, { message });
  const title = HTML_TITLES[status] ?? 'Error';
  return {
    status,
    headers: { 'Content-Type': 'text/html; charset=UTF-8' },
    body: `<!DOCTYPE html><html lang="en"><head><title>${title}</title></head><body><div>${status} | ${title}</div></body></html>`,
  };
}

/** Illuminate\Http\Request::expectsJson(): (ajax && !pjax && acceptsAnyContentType) || wantsJson. */
export function expectsJson(req: IncomingMessage): boolean {
  const ajax = req.headers['x-requested-with'] === 'XMLHttpRequest';
  const pjax = req.headers['x-pjax'] === 'true';
  const accepted = acceptableContentTypes(req.headers.accept);
  const first = accepted[0];
  const acceptsAny = first === undefined || first === '*/*' || first === '*';
  const wantsJson = first !== undefined && (first.includes('/json') || first.includes('+json'));
  return (ajax && !pjax && acceptsAny) || wantsJson;
}

/** Symfony's AcceptHeader ordering: by q (desc), then by position. */
function acceptableContentTypes(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part, index) => {
      const [type = '', ...params] = part.split(';').map((s) => s.trim());
      let q = 1;
      for (const p of params) {
        const m = /^q=([0-9.]+)$/i.exec(p);
        if (m?.[1]) q = Number(m[1]);
      }
      return { type: type.toLowerCase(), q, index };
    })
    .filter((e) => e.type !== '' && e.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((e) => e.type);
}

/** Broadcaster::normalizeChannelName (UsePusherChannelConventions): drop private-/presence-. */
function normalizeChannelName(channel: string): string {
  for (const prefix of ['private-encrypted-', 'private-', 'presence-']) {
    if (channel.startsWith(prefix)) return channel.slice(prefix.length);
  }
  return channel;
}

function parseBody(req: IncomingMessage, body: string): Record<string, unknown> {
  if (!body) return {};
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (type.includes('json')) {
    try {
      const data: unknown = JSON.parse(body);
      return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }
  if (type.includes('application/x-www-form-urlencoded')) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of new URLSearchParams(body)) out[k] = v;
    return out;
  }
  return {};
}

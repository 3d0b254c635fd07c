import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorMessage } from '../util/error-reason.js';

/** A user of the demo app (the password is only ever compared, never returned). */
export interface DemoUser {
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

/**
 * Result of a channel rule, as in routes/channels.php: false/null/undefined refuse (the next
 * matching rule is tried), `true` authorizes a private channel, an object authorizes a presence
 * channel and becomes `user_info`.
 */
export type ChannelRuleResult = boolean | Readonly<Record<string, unknown>> | null | undefined;
/** A rule's result that authorizes: `true` (private) or the presence channel's user info. */
export type AuthorizedResult = true | Readonly<Record<string, unknown>>;
export type ChannelRule = (user: DemoUser, match: RegExpMatchArray) => ChannelRuleResult;

export interface DemoLaravelOptions {
  readonly users: readonly DemoUser[];
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
  /**
   * The app's clock in ms (Carbon::now()): token issue and expiry checks, notification times.
   * Tests share it with the notifier's injected clock to live through a token's life in no time.
   */
  readonly now?: () => number;
  /** jwt-auth's `refresh_ttl` in seconds (default 20160 min = 2 weeks), counted from the first login's `iat`. */
  readonly refreshTtlSeconds?: number;
}

/**
 * How `GET /api/notifications` answers (routes/api.php, behind auth:api):
 * - 'paginator': `return $request->user()->notifications()->paginate();` (LengthAwarePaginator::toArray)
 * - 'resource': `return NotificationResource::collection($request->user()->notifications()->paginate());`
 * - 'array': `return $request->user()->notifications;` (every row, a plain JSON array)
 * - 'missing': no such route (404); 'broken': the controller throws (500 "Server Error")
 */
export type NotificationsRoute = 'paginator' | 'resource' | 'array' | 'missing' | 'broken';

/** A row of the `notifications` table (Laravel 8's migration from `php artisan notifications:table`). */
export interface NotificationRow {
  readonly id: string;
  readonly type: string;
  readonly notifiable_type: string;
  readonly notifiable_id: number;
  readonly data: Readonly<Record<string, unknown>>;
  read_at: string | null;
  readonly created_at: string;
  updated_at: string;
}

export interface StoreNotificationOptions {
  /** Default: a random uuid (Str::uuid()), as the broadcast then carries too. */
  readonly id?: string;
  /** Already read (markAsRead()). */
  readonly read?: boolean;
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

/** What a fault mode sees of a request before routing. */
export interface InterceptedRequest {
  readonly method: string;
  readonly path: string;
  readonly input: Readonly<Record<string, unknown>>;
}

const HTML_TITLES: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  419: 'Page Expired',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};

/**
 * The DEMO stand-in for the customer's Laravel 8 app (node:http), not Laravel and never used by the
 * product itself: `npm run demo` and the tests (test/support/fake-laravel.ts adds fault modes) run it.
 * It answers the way Laravel 8 + tymon/jwt-auth (the `auth:api` guard) +
 * `Broadcast::routes(['middleware' => ['auth:api']])` with the redis broadcaster do, for the
 * endpoints Echo Tray talks to:
 *
 * - `POST /api/login` (JSON or form): jwt-auth's AuthController answer, 401 `{"error":"Unauthorized"}`,
 *   422 validation errors (302 back for non-JSON requests, as Laravel does).
 * - `GET /api/user`, `POST /api/refresh`, `POST /api/logout` behind `auth:api`.
 * - `GET|POST /broadcasting/auth`: RedisBroadcaster::auth +
 *   routes/channels.php rules.
 * - `GET /login`: a login page, the target of Laravel's guest redirect.
 *
 * Unauthenticated requests get 401 `{"message":"Unauthenticated."}` when `$request->expectsJson()`
 * (X-Requested-With: XMLHttpRequest with no specific Accept, or an Accept that wants JSON), else a 302
 * to /login. Refusals render as AccessDeniedHttpException does: 403 `{"message":""}`.
 *
 * Every request is recorded in `requests` and emitted as a `'request'` event (after the answer).
 * New endpoints: override {@link routes} and spread `super.routes(ctx)`.
 */
export class DemoLaravel extends EventEmitter {
  readonly jwtSecret: string;
  readonly tokenTtlSeconds: number;
  readonly redisPrefix: string;
  loginResponseShape: LoginResponseShape;
  readonly requests: RecordedRequest[] = [];

  private readonly users = new Map<number, DemoUser>();
  private readonly createdAt = new Map<number, string>();
  private readonly extraRules: { pattern: RegExp; rule: ChannelRule }[] = [];
  private defaultRules: { pattern: RegExp; rule: ChannelRule }[];
  private readonly issuedJtis = new Set<string>();
  private readonly revokedJtis = new Set<string>();
  private readonly sanctumTokens = new Map<string, SanctumToken>();
  private nextSanctumId = 1;
  private readonly now: () => number;
  private readonly refreshTtlSeconds: number;
  /** The `notifications` table, in insertion order. */
  readonly notificationRows: NotificationRow[] = [];
  notificationsRoute: NotificationsRoute = 'paginator';
  /** Model::$perPage: paginate() without an argument gives 15 per page. */
  notificationsPerPage = 15;
  private server: Server | null = null;
  private lastPort: number | null = null;

  constructor(opts: DemoLaravelOptions) {
    super();
    this.jwtSecret = opts.jwtSecret ?? randomBytes(32).toString('base64url');
    this.tokenTtlSeconds = opts.tokenTtlSeconds ?? 3600;
    this.redisPrefix = opts.redisPrefix ?? 'laravel_database_';
    this.loginResponseShape = opts.loginResponseShape ?? 'jwt';
    this.now = opts.now ?? (() => Date.now());
    this.refreshTtlSeconds = opts.refreshTtlSeconds ?? 20160 * 60;
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
    if (this.lastPort === null) throw new Error('DemoLaravel: start() it first');
    return `http://127.0.0.1:${this.lastPort}`;
  }

  get port(): number {
    if (this.lastPort === null) throw new Error('DemoLaravel: start() it first');
    return this.lastPort;
  }

  /**
   * Listen on 127.0.0.1. Default port: the previous one after a stop() (so a test can take the app
   * away, connection refused, and bring it back on the same URL), else a free one.
   */
  async start(port?: number): Promise<void> {
    if (this.server) throw new Error(`DemoLaravel already listening on ${this.url}`);
    const server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        // A client that went away mid-request: nothing to answer.
        if (!res.headersSent && !res.destroyed) {
          res.statusCode = 500;
          res.end(JSON.stringify({ message: `DemoLaravel: ${errorMessage(err)}` }));
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

  addUser(user: DemoUser): void {
    this.users.set(user.id, user);
    this.createdAt.set(user.id, laravelDate(new Date()));
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
    if (!this.users.has(userId)) throw new Error(`DemoLaravel.issueToken: no user ${userId}`);
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
  userForToken(token: string): DemoUser | null {
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
        reject(new Error(`DemoLaravel: no matching request within ${timeoutMs} ms; requests since #${since}:\n${seen}`));
      }, timeoutMs);
      this.on('request', onRequest);
    });
  }

  // ------------------------------------------------------------------------------------------
  // tokens

  /** `iat`: kept from the first token on refresh (jwt-auth's refresh_iat = false), so refresh_ttl counts from the login. */
  private issueJwt(userId: number, ttlSeconds: number, iss: string, iat?: number): string {
    const now = Math.floor(this.now() / 1000);
    const claims: JwtClaims = {
      iss,
      iat: iat ?? now,
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
      expiresAt: expiresInSeconds === undefined ? null : this.now() + expiresInSeconds * 1000,
    });
    return `${id}|${plain}`;
  }

  private resolveToken(token: string): DemoUser | null {
    if (token.includes('|')) return this.resolveSanctum(token);
    return this.resolveJwt(token);
  }

  private resolveSanctum(token: string): DemoUser | null {
    const bar = token.indexOf('|');
    const record = this.sanctumTokens.get(token.slice(0, bar));
    if (!record) return null;
    const hash = createHash('sha256').update(token.slice(bar + 1)).digest('hex');
    if (hash !== record.hash) return null;
    if (record.expiresAt !== null && record.expiresAt <= this.now()) return null;
    return this.users.get(record.userId) ?? null;
  }

  private resolveJwt(token: string): DemoUser | null {
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
      const now = this.now() / 1000;
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

    const record = (status: number, responseBody: string): void => {
      const entry: RecordedRequest = { method, path, query, headers: req.headers, body, input, status, responseBody, at: Date.now() };
      this.requests.push(entry);
      this.emit('request', entry);
    };

    const wantsJson = expectsJson(req);
    const early = await this.intercept(wantsJson, { method, path, input });
    if (early === 'reset') {
      req.socket.destroy();
      record(0, '');
      return;
    }

    const answer = early ?? this.route({ req, method, path, input, wantsJson });
    res.statusCode = answer.status;
    res.setHeader('Cache-Control', 'no-cache, private');
    for (const [k, v] of Object.entries(answer.headers)) res.setHeader(k, v);
    res.end(answer.body, () => record(answer.status, answer.body));
  }

  /** A fault before routing: an answer, 'reset' (drop the connection) or null (route normally). */
  protected intercept(wantsJson: boolean, request: InterceptedRequest): Promise<Answer | 'reset' | null> | Answer | 'reset' | null {
    void wantsJson;
    void request;
    return null;
  }

  /** The endpoints, by path. Subclasses add theirs with `{ ...super.routes(ctx), '/api/x': … }`. */
  protected routes(ctx: RequestContext): Record<string, Route> {
    const { req, input, wantsJson } = ctx;
    return {
      '/api/login': { methods: ['POST'], handler: () => this.login(req, input, wantsJson) },
      '/api/user': { methods: ['GET', 'HEAD'], handler: () => this.withUser(req, input, wantsJson, (u) => json(200, this.publicUser(u))) },
      '/api/refresh': {
        methods: ['POST'],
        handler: () =>
          this.withUser(req, input, wantsJson, (u) => this.refresh(req, input, u)),
      },
      '/api/logout': {
        methods: ['POST'],
        handler: () =>
          this.withUser(req, input, wantsJson, () => {
            this.revoke(this.tokenFrom(req, input));
            return json(200, { message: 'Successfully logged out' });
          }),
      },
      '/api/notifications': {
        methods: ['GET', 'HEAD'],
        handler: () => this.withUser(req, input, wantsJson, (u) => this.notificationsIndex(req, input, u, wantsJson)),
      },
      '/broadcasting/auth': {
        methods: ['GET', 'HEAD', 'POST'],
        handler: () => this.withUser(req, input, wantsJson, (u) => this.broadcastAuth(u, input, wantsJson)),
      },
      '/login': {
        methods: ['GET', 'HEAD'],
        handler: () => ({ status: 200, headers: { 'Content-Type': 'text/html; charset=UTF-8' },
          body: '<!DOCTYPE html><html><head><title>Login</title></head><body><form method="POST" action="/login"></form></body></html>' }),
      },
    };
  }

  private route(ctx: RequestContext): Answer {
    const { method, path, wantsJson, req, input } = ctx;
    const markRead = /^\/api\/notifications\/([^/]+)\/read$/.exec(path);
    if (markRead?.[1] !== undefined) {
      const id = decodeURIComponent(markRead[1]);
      if (method !== 'POST') {
        return httpError(405, `The ${method} method is not supported for this route. Supported methods: POST.`, wantsJson);
      }
      return this.withUser(req, input, wantsJson, (u) => this.markNotificationRead(u, id, wantsJson));
    }
    const route = this.routes(ctx)[path];
    if (!route) return httpError(404, '', wantsJson);
    if (!route.methods.includes(method)) {
      return httpError(405,
        `The ${method} method is not supported for this route. Supported methods: ${route.methods.join(', ')}.`, wantsJson);
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
  protected withUser(req: IncomingMessage, input: Record<string, unknown>, wantsJson: boolean, next: (u: DemoUser) => Answer): Answer {
    const token = this.tokenFrom(req, input);
    const user = token ? this.resolveToken(token) : null;
    if (!user) {
      if (wantsJson) return json(401, { message: 'Unauthenticated.' });
      return redirect(this.requestUrl(req, '/login'));
    }
    return next(user);
  }

  /** RedisBroadcaster::auth + Broadcaster::verifyUserCanAccessChannel + validAuthenticationResponse. */
  private broadcastAuth(user: DemoUser, input: Record<string, unknown>, wantsJson: boolean): Answer {
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
        if (result === true || (result && typeof result === 'object')) return this.authorizedAnswer(user, channelName, input, result);
        break; // falsy: Laravel moves on to the next registered pattern
      }
    }
    return httpError(403, '', wantsJson);
  }

  /** RedisBroadcaster::validAuthenticationResponse: `true`, or the presence channel's `channel_data`. */
  protected authorizedAnswer(user: DemoUser, channelName: string, input: Record<string, unknown>, result: AuthorizedResult): Answer {
    void channelName;
    void input;
    if (result === true) return { status: 200, headers: { 'Content-Type': 'text/html; charset=UTF-8' }, body: 'true' };
    return {
      status: 200,
      headers: { 'Content-Type': 'text/html; charset=UTF-8' },
      body: JSON.stringify({ channel_data: { user_id: user.id, user_info: result } }),
    };
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

  private publicUser(u: DemoUser): PublicUser {
    const at = this.createdAt.get(u.id) ?? laravelDate(new Date());
    return { id: u.id, name: u.name, email: u.email, email_verified_at: null, created_at: at, updated_at: at };
  }

  /**
   * tymon/jwt-auth's AuthController::refresh (`auth()->refresh()`): behind auth:api only a live token
   * gets here; the new one keeps `sub` and the first `iat`, gets a new `jti` and `exp`, and the old
   * one is blacklisted. Past refresh_ttl the guard throws TokenExpiredException ("Token has expired
   * and can no longer be refreshed"), which Laravel's handler renders as a 500.
   */
  private refresh(req: IncomingMessage, input: Record<string, unknown>, u: DemoUser): Answer {
    const token = this.tokenFrom(req, input);
    const claims = token === null || token.includes('|') ? null : this.verifyJwt(token);
    if (!claims) return json(500, { message: 'Server Error' });
    if (claims.iat + this.refreshTtlSeconds < this.now() / 1000) return json(500, { message: 'Server Error' });
    this.revokedJtis.add(claims.jti);
    const fresh = this.issueJwt(u.id, this.tokenTtlSeconds, this.requestUrl(req, '/api/refresh'), claims.iat);
    return json(200, { access_token: fresh, token_type: 'bearer', expires_in: this.tokenTtlSeconds });
  }

  /**
   * `$user->notify($n)` with via(['database', 'broadcast']): stores the row (DatabaseChannel) and
   * returns the broadcast the same notification makes (same uuid), for a test to publish or not.
   */
  storeNotification(
    userId: number,
    type: string,
    data: Readonly<Record<string, unknown>>,
    opts: StoreNotificationOptions = {},
  ): NotificationRow {
    if (!this.users.has(userId)) throw new Error(`DemoLaravel.storeNotification: no user ${userId}`);
    // A `timestamp` column keeps whole seconds.
    const at = laravelDate(new Date(Math.floor(this.now() / 1000) * 1000));
    const row: NotificationRow = {
      id: opts.id ?? randomUUID(),
      type,
      notifiable_type: USER_MODEL_CLASS,
      notifiable_id: userId,
      data,
      read_at: opts.read === true ? at : null,
      created_at: at,
      updated_at: at,
    };
    this.notificationRows.push(row);
    return row;
  }

  /** `$user->notifications()`: morphMany ordered by created_at desc (rows of the same second: latest inserted first). */
  private notificationsOf(u: DemoUser): NotificationRow[] {
    const newestFirst = (a: NotificationRow, b: NotificationRow): number =>
      a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0;
    return this.notificationRows.filter((r) => r.notifiable_id === u.id).reverse().sort(newestFirst);
  }

  private notificationsIndex(req: IncomingMessage, input: Record<string, unknown>, u: DemoUser, wantsJson: boolean): Answer {
    const rows = this.notificationsOf(u);
    switch (this.notificationsRoute) {
      case 'missing':
        return httpError(404, '', wantsJson);
      case 'broken':
        return json(500, { message: 'Server Error' });
      case 'array':
        return json(200, rows);
      case 'paginator':
      case 'resource': {
        const path = this.requestUrl(req, '/api/notifications');
        const pageInput = Number(input['page']);
        const page = Number.isInteger(pageInput) && pageInput >= 1 ? pageInput : 1;
        const paginator = lengthAwarePaginator(rows, rows.length, this.notificationsPerPage, page, path);
        return json(200, this.notificationsRoute === 'paginator' ? paginator : resourceCollection(paginator));
      }
    }
  }

  /** `$request->user()->notifications()->findOrFail($id)->markAsRead(); return response()->noContent();` */
  private markNotificationRead(u: DemoUser, id: string, wantsJson: boolean): Answer {
    const row = this.notificationRows.find((r) => r.id === id && r.notifiable_id === u.id);
    if (!row) return httpError(404, `No query results for model [Illuminate\\Notifications\\DatabaseNotification] ${id}`, wantsJson);
    if (row.read_at === null) {
      row.read_at = laravelDate(new Date(Math.floor(this.now() / 1000) * 1000));
      row.updated_at = row.read_at;
    }
    return { status: 204, headers: {}, body: '' };
  }

  private requestUrl(req: IncomingMessage, path: string): string {
    return `http://${req.headers.host ?? `127.0.0.1:${this.lastPort ?? 80}`}${path}`;
  }
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface RequestContext {
  readonly req: IncomingMessage;
  readonly method: string;
  /** Without the query string. */
  readonly path: string;
  /** Laravel's `$request->input()`. */
  readonly input: Record<string, unknown>;
  /** `$request->expectsJson()`. */
  readonly wantsJson: boolean;
}

export interface Route {
  readonly methods: readonly string[];
  readonly handler: () => Answer;
}

export function json(status: number, data: unknown): Answer {
  return { status, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(data) };
}

function redirect(location: string): Answer {
  // Symfony's RedirectResponse: htmlspecialchars($url, ENT_QUOTES) in the page, the URL as is in the header.
  const url = escapeHtml(location);
  return {
    status: 302,
    headers: { Location: location, 'Content-Type': 'text/html; charset=UTF-8' },
    body: `<!DOCTYPE html>\n<html><head><meta charset="UTF-8" /><meta http-equiv="refresh" content="0;url='${url}'" />`
      + `<title>Redirecting to ${url}</title></head><body>Redirecting to <a href="${url}">${url}</a>.</body></html>`,
  };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#039;');
}

/** Handler::render of an HttpException with debug off: `{"message": …}` or an HTML error page. */
export function httpError(status: number, message: string, wantsJson: boolean): Answer {
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

/** Laravel 8's LengthAwarePaginator::toArray(), keys in its order. */
export interface PaginatorJson<T> {
  current_page: number;
  data: T[];
  first_page_url: string;
  from: number | null;
  last_page: number;
  last_page_url: string;
  links: { url: string | null; label: string; active: boolean }[];
  next_page_url: string | null;
  path: string;
  per_page: number;
  prev_page_url: string | null;
  to: number | null;
  total: number;
}

function lengthAwarePaginator<T>(all: readonly T[], total: number, perPage: number, page: number, path: string): PaginatorJson<T> {
  const lastPage = Math.max(1, Math.ceil(total / perPage));
  const data = all.slice((page - 1) * perPage, page * perPage);
  const url = (p: number): string => `${path}?page=${p}`;
  const from = data.length === 0 ? null : (page - 1) * perPage + 1;
  const prev = page > 1 ? url(page - 1) : null;
  const next = page < lastPage ? url(page + 1) : null;
  // linkCollection(): « Previous, the UrlWindow's pages ('...' between slices), Next » (lang/en/pagination.php).
  const links: PaginatorJson<T>['links'] = [{ url: prev, label: '&laquo; Previous', active: false }];
  for (const item of urlWindow(page, lastPage)) {
    if (item === '...') links.push({ url: null, label: '...', active: false });
    else links.push({ url: url(item), label: String(item), active: item === page });
  }
  links.push({ url: next, label: 'Next &raquo;', active: false });
  return {
    current_page: page,
    data,
    first_page_url: url(1),
    from,
    last_page: lastPage,
    last_page_url: url(lastPage),
    links,
    next_page_url: next,
    path,
    per_page: perPage,
    prev_page_url: prev,
    to: from === null ? null : from + data.length - 1,
    total,
  };
}

/** Illuminate\Pagination\UrlWindow with onEachSide = 3. */
function urlWindow(current: number, last: number): (number | '...')[] {
  const range = (a: number, b: number): number[] => Array.from({ length: Math.max(0, b - a + 1) }, (_, i) => a + i);
  const window = 3 * 2;
  if (last < window + 8) return range(1, last);
  if (current <= window) return [...range(1, window + 2), '...', ...range(last - 1, last)];
  if (current > last - window) return [1, 2, '...', ...range(last - (window + 2), last)];
  return [1, 2, '...', ...range(current - 3, current + 3), '...', ...range(last - 1, last)];
}

/** An API resource collection of a paginator: PaginatedResourceResponse's `data`, `links`, `meta`. */
function resourceCollection<T>(p: PaginatorJson<T>): unknown {
  return {
    data: p.data,
    links: { first: p.first_page_url, last: p.last_page_url, prev: p.prev_page_url, next: p.next_page_url },
    meta: {
      current_page: p.current_page,
      from: p.from,
      last_page: p.last_page,
      links: p.links,
      path: p.path,
      per_page: p.per_page,
      to: p.to,
      total: p.total,
    },
  };
}

import { existsSync } from 'node:fs';
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { get as httpGet } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ManagedServerBase, type ManagedServer } from './managed-server.js';
import { freePort } from './ports.js';
import { ProcessHandle, forgetTempDir, registerTempDir } from './process-handle.js';

export interface StartEchoServerOptions {
  readonly redisPort: number;
  /** Base URL of the Laravel app that answers `/broadcasting/auth`, e.g. the FakeLaravel url. */
  readonly authHost: string;
  /** Redis key prefix laravel-echo-server strips from channel names (default 'laravel_database_'). */
  readonly keyPrefix?: string;
  /** Fixed port; default: a free one (retried if another process grabs it first). */
  readonly port?: number;
  /** Override the auth endpoint path (default '/broadcasting/auth'). */
  readonly authEndpoint?: string;
  /** devMode (default true: it logs every auth request, join and received event). */
  readonly devMode?: boolean;
  /** How long to wait for "Server ready!" (default 15 s). */
  readonly readyTimeoutMs?: number;
  /** socket.io server options (laravel-echo-server's `socketio`), e.g. `{ pingInterval, pingTimeout }`. */
  readonly socketio?: Readonly<Record<string, unknown>>;
}

export interface EchoServer extends ManagedServer {
  readonly configPath: string;
}

/** laravel-echo-server logs this (between blank lines) once Redis psubscribe succeeded. */
const READY = /^Server ready!$/;

function echoServerBin(): string {
  const require = createRequire(import.meta.url);
  const pkgJson = require.resolve('laravel-echo-server/package.json');
  const bin = join(dirname(pkgJson), 'bin', 'server.js');
  if (!existsSync(bin)) throw new Error(`laravel-echo-server found at ${pkgJson} but ${bin} is missing`);
  return bin;
}

/** The environment minus everything laravel-echo-server (or node:test) would read. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('LARAVEL_ECHO_SERVER_')) continue;
    if (key === 'NODE_TEST_CONTEXT' || key === 'NODE_OPTIONS' || key === 'FORCE_COLOR') continue;
    env[key] = value;
  }
  env['NO_COLOR'] = '1';
  return env;
}

function configFor(opts: StartEchoServerOptions, port: number): Record<string, unknown> {
  return {
    authHost: opts.authHost,
    authEndpoint: opts.authEndpoint ?? '/broadcasting/auth',
    clients: [],
    database: 'redis',
    databaseConfig: {
      redis: {
        host: '127.0.0.1',
        port: opts.redisPort,
        keyPrefix: opts.keyPrefix ?? 'laravel_database_',
      },
      sqlite: { databasePath: '/database/laravel-echo-server.sqlite' },
    },
    devMode: opts.devMode ?? true,
    host: '127.0.0.1',
    port,
    protocol: 'http',
    socketio: opts.socketio ?? {},
    sslCertPath: '',
    sslKeyPath: '',
    sslCertChainPath: '',
    sslPassphrase: '',
    subscribers: { http: true, redis: true },
    apiOriginAllow: { allowCors: false, allowOrigin: '', allowMethods: '', allowHeaders: '' },
  };
}

class EchoServerImpl extends ManagedServerBase implements EchoServer {
  constructor(
    port: number,
    dir: string,
    readonly configPath: string,
    proc: ProcessHandle,
    private readonly readyTimeoutMs: number,
  ) {
    super(port, `http://127.0.0.1:${port}`, dir, proc);
  }

  protected async relaunch(): Promise<ProcessHandle> {
    if (this.stopped) throw new Error(`laravel-echo-server ${this.url} was stopped (its config is gone): start a new one`);
    return launch(this.port, this.dir, this.configPath, this.readyTimeoutMs);
  }
}

async function launch(port: number, dir: string, configPath: string, readyTimeoutMs: number): Promise<ProcessHandle> {
  // A SIGKILLed server leaves its lock file behind; if its pid were reused the next start would
  // refuse with "There is already a server running!".
  await unlink(join(dir, 'laravel-echo-server.lock')).catch(() => undefined);
  const proc = ProcessHandle.spawn({
    name: `laravel-echo-server :${port}`,
    command: process.execPath,
    args: [echoServerBin(), 'start', `--config=${configPath}`],
    cwd: dir,
    env: cleanEnv(),
  });
  try {
    await proc.waitForOutput(READY, readyTimeoutMs);
    // "Server ready!" depends on Redis, not on the HTTP listener: prove the port is ours too.
    await probeSocketIo(port, proc);
  } catch (err) {
    await proc.kill9();
    throw err;
  }
  return proc;
}

/** One engine.io 3 polling handshake: 200 with a `sid` means socket.io 2.x answers on `port`. */
function probeSocketIo(port: number, proc: ProcessHandle): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = httpGet(
      { host: '127.0.0.1', port, path: '/socket.io/?EIO=3&transport=polling', timeout: 5_000 },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => {
          if (res.statusCode === 200 && body.includes('"sid"')) resolve();
          else {
            const answer = `${res.statusCode}: ${body.slice(0, 200)}`;
            reject(new Error(`laravel-echo-server said ready but GET /socket.io/ on :${port} answered ${answer}. ${proc.describe()}`));
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error',
      (err) => reject(new Error(`laravel-echo-server said ready but :${port} does not answer (${err.message}). ${proc.describe()}`)));
  });
}

/**
 * Start the real laravel-echo-server 1.6.3 (socket.io 2.x) from node_modules on 127.0.0.1, with its
 * config in a temp dir. Resolves once it printed "Server ready!", which it only does after its
 * Redis psubscribe succeeded: with Redis down this waits (and times out with the output).
 */
export async function startEchoServer(opts: StartEchoServerOptions): Promise<EchoServer> {
  const readyTimeoutMs = opts.readyTimeoutMs ?? 15_000;
  const dir = await mkdtemp(join(tmpdir(), 'echo-tray-echo-server-'));
  registerTempDir(dir);
  const configPath = join(dir, 'laravel-echo-server.json');
  const attempts = opts.port === undefined ? 3 : 1;
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const port = opts.port ?? (await freePort());
    await writeFile(configPath, JSON.stringify(configFor(opts, port), null, 2));
    try {
      const proc = await launch(port, dir, configPath, readyTimeoutMs);
      return new EchoServerImpl(port, dir, configPath, proc, readyTimeoutMs);
    } catch (err) {
      lastError = err;
      if (!(err instanceof Error) || !/EADDRINUSE/.test(err.message)) break;
    }
  }
  forgetTempDir(dir);
  await rm(dir, { recursive: true, force: true });
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { LoginError } from '../auth/laravel-client.js';
import { loadProfile } from '../profile/load-profile.js';
import { ProfileError, type Profile } from '../profile/profile.js';
import { EXIT, status, UsageError, type CliIo } from './cli-io.js';
import { listenCommand } from './listen-command.js';
import { isParseArgsError } from './run-cli.js';
import { errorDetail } from '../util/error-reason.js';

const HELP = `echo-tray: Laravel broadcasts as desktop notifications (headless CLI)

Usage:
  echo-tray listen  --config FILE [--email EMAIL] [--json] [--token-env NAME]
                    [--history FILE | --no-history] [--verbose]
  echo-tray publish --config FILE --channel NAME [--channel NAME…] --event NAME --data JSON
                    [--redis URL] [--prefix PREFIX] [--socket SOCKET_ID]
  echo-tray doctor  --config FILE [--email EMAIL] [--json] [--token-env NAME]
                    [--watch SECONDS] [--redis URL] [--prefix PREFIX]
  echo-tray --help | --version

listen   logs in (password from $ECHO_TRAY_PASSWORD, or asked on a terminal), subscribes to the
         profile's channels and prints every notification on stdout (one JSON object per line
         with --json). Status goes to stderr. A bearer token in $ECHO_TRAY_TOKEN (or the variable
         named by --token-env) replaces the login.
publish  PUBLISHes to Redis exactly as Laravel's RedisBroadcaster does (envelope, key prefix,
         "socket": null), for testing a setup end to end.
doctor   checks each hop in order (the Laravel app, the login and the token's expiry,
         /broadcasting/auth for each private channel, the relay and its protocol version or
         Redis, Laravel's key prefix, the subscriptions, a probe event's round trip) and says
         what to fix. It watches Redis for --watch seconds (default 5) for the app's own
         broadcasts. Exit 0 only when every check passes; --json prints
         {"ok", "checks": [{"name", "ok", "detail", "fix"}]}.

Exit codes: 0 ok, 1 unexpected failure, 2 fix needed (profile, login, usage, a failed doctor check).
`;

function version(): string {
  try {
    const pkg: unknown = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
    if (typeof pkg === 'object' && pkg !== null && 'version' in pkg && typeof pkg.version === 'string') return pkg.version;
  } catch {
    /* fall through */
  }
  return 'unknown';
}

async function profileFrom(path: string | undefined, io: CliIo): Promise<Profile> {
  if (path === undefined) throw new UsageError('--config FILE is required (the profile JSON IT gave you)');
  const { profile, warnings } = await loadProfile(path);
  for (const w of warnings) status(io, `profile warning: ${w}`);
  return profile;
}

/** The options of the commands that log in and print notifications or checks (listen, doctor). */
const SESSION_OPTIONS = {
  config: { type: 'string', short: 'c' },
  email: { type: 'string', short: 'e' },
  json: { type: 'boolean', default: false },
  'token-env': { type: 'string', default: 'ECHO_TRAY_TOKEN' },
} as const;

export async function main(argv: readonly string[], io: CliIo, stopSignal: AbortSignal): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      io.stdout.write(HELP);
      return command === undefined ? EXIT.userError : EXIT.ok;
    }
    if (command === '--version' || command === '-v') {
      io.stdout.write(`${version()}\n`);
      return EXIT.ok;
    }
    if (command === 'listen') {
      const { values } = parseArgs({
        args: [...rest],
        options: {
          ...SESSION_OPTIONS,
          history: { type: 'string' },
          'no-history': { type: 'boolean', default: false },
          verbose: { type: 'boolean', default: false },
        },
        strict: true,
        allowPositionals: false,
      });
      const profile = await profileFrom(values.config, io);
      return await listenCommand(
        {
          profile,
          email: values.email,
          json: values.json ?? false,
          tokenEnv: values['token-env'] ?? 'ECHO_TRAY_TOKEN',
          history: values['no-history'] ? false : values.history,
          verbose: values.verbose ?? false,
        },
        io,
        stopSignal,
      );
    }
    if (command === 'publish') {
      const { values } = parseArgs({
        args: [...rest],
        options: {
          config: { type: 'string', short: 'c' },
          channel: { type: 'string', multiple: true },
          event: { type: 'string' },
          data: { type: 'string', default: '{}' },
          redis: { type: 'string' },
          prefix: { type: 'string' },
          socket: { type: 'string' },
        },
        strict: true,
        allowPositionals: false,
      });
      if (values.event === undefined || values.event === '') {
        throw new UsageError('--event is required (e.g. --event backend_poster, or --event "App\\Events\\TodoEventUpdated")');
      }
      const profile = await profileFrom(values.config, io);
      // Loaded when used: `listen` (every desktop's start-up) does not pay for the publisher and the doctor.
      const { publishCommand } = await import('./publish-command.js');
      return await publishCommand(
        {
          profile,
          channels: values.channel ?? [],
          event: values.event,
          data: values.data ?? '{}',
          redisUrl: values.redis,
          prefix: values.prefix,
          socket: values.socket,
        },
        io,
      );
    }
    if (command === 'doctor') {
      const { values } = parseArgs({
        args: [...rest],
        options: {
          ...SESSION_OPTIONS,
          watch: { type: 'string' },
          redis: { type: 'string' },
          prefix: { type: 'string' },
        },
        strict: true,
        allowPositionals: false,
      });
      const { doctorCommand, parseWatchSeconds } = await import('./doctor-command.js');
      const watchSeconds = parseWatchSeconds(values.watch);
      const profile = await profileFrom(values.config, io);
      return await doctorCommand(
        {
          profile,
          email: values.email,
          tokenEnv: values['token-env'] ?? 'ECHO_TRAY_TOKEN',
          json: values.json ?? false,
          watchSeconds,
          redisUrl: values.redis,
          prefix: values.prefix,
        },
        io,
      );
    }
    throw new UsageError(`unknown command "${command}" (try: echo-tray --help)`);
  } catch (err) {
    if (err instanceof ProfileError || err instanceof UsageError || err instanceof LoginError) {
      status(io, err.message);
      return EXIT.userError;
    }
    if (isParseArgsError(err)) {
      status(io, `${err.message} (try: echo-tray --help)`);
      return EXIT.userError;
    }
    status(io, `unexpected error: ${errorDetail(err)}`);
    return EXIT.failure;
  }
}

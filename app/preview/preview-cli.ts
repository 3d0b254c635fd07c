#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { EXIT, status, stderrLogger, UsageError, type CliIo } from '../cli/cli-io.js';
import { channelLine, connectionLine } from '../cli/format.js';
import { isParseArgsError, runCli, untilAborted } from '../cli/run-cli.js';
import { LOCALES } from '../i18n/index.js';
import { loadProfile } from '../profile/load-profile.js';
import { ProfileError } from '../profile/profile.js';
import { redactUrl } from '../util/redact-url.js';
import { startPreview } from './start-preview.js';
import { errorMessage } from '../util/error-reason.js';

const HELP = `npm run preview -- --config FILE [--port N] [--history FILE] [--prefs FILE] [--lang en|zh-CN] [--verbose]

Serves the window on 127.0.0.1 and runs the real core under Node behind the same contract the
Electron preload exposes. Open the printed address in a browser; notifications and link opens
are printed here instead of handed to the OS.

  --config FILE   the profile (required)
  --port N        port on 127.0.0.1 (default: a free one)
  --history FILE  the history file (default: a temp file, deleted on exit)
  --prefs FILE    keep settings and channel changes in this JSON file (default: memory)
  --lang LOCALE   the window's "system" language: en or zh-CN (default: the browser's)
  --verbose       log more
A bearer token in $ECHO_TRAY_TOKEN starts the preview logged in.
`;

function port(value: string | undefined): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--port must be a number from 0 to 65535, got "${value}"`);
  return n;
}

export async function previewMain(argv: readonly string[], io: CliIo, stopSignal: AbortSignal): Promise<number> {
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        config: { type: 'string', short: 'c' },
        port: { type: 'string', short: 'p' },
        history: { type: 'string' },
        prefs: { type: 'string' },
        lang: { type: 'string' },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      io.stdout.write(HELP);
      return EXIT.ok;
    }
    if (values.config === undefined) throw new UsageError('--config FILE is required (the profile JSON)');
    const lang = values.lang;
    if (lang !== undefined && !(LOCALES as readonly string[]).includes(lang)) {
      throw new UsageError(`--lang must be one of ${LOCALES.join(', ')}, got "${lang}"`);
    }
    const { profile, warnings } = await loadProfile(values.config);
    for (const w of warnings) status(io, `profile warning: ${w}`);
    const logger = stderrLogger(io, values.verbose ?? false);
    const token = io.env.ECHO_TRAY_TOKEN?.trim();
    const preview = await startPreview({
      profile,
      port: port(values.port),
      ...(values.history !== undefined ? { historyPath: values.history } : {}),
      ...(values.prefs !== undefined ? { preferencesPath: values.prefs } : {}),
      ...(token ? { bearerToken: token } : {}),
      ...(lang !== undefined ? { languages: [lang] } : {}),
      logger,
      print: (line) => io.stdout.write(`${line}\n`),
    });
    const server = profile.connection.broadcaster === 'redis' ? redactUrl(profile.connection.url) : profile.connection.host;
    preview.controller.on('push:connection', (s) => {
      const line = connectionLine(s, server);
      if (line) status(io, line);
    });
    const channelStates = new Map<string, string>();
    preview.controller.on('push:channels', (channels) => {
      for (const c of channels) {
        const key = `${c.state} ${c.httpStatus ?? ''}`;
        if (channelStates.get(c.channel) === key) continue;
        channelStates.set(c.channel, key);
        status(io, channelLine(c));
      }
    });
    status(
      io,
      `preview of "${profile.name}", history per user next to `
        + `${preview.history.profilePath}${values.history === undefined ? ' (deleted on exit)' : ''}`,
    );
    io.stdout.write(`echo-tray preview: open ${preview.url}\n`);
    status(io, 'the address carries this run\'s key: do not share it. Ctrl-C stops.');
    await untilAborted(stopSignal);
    await preview.stop();
    status(io, 'preview stopped');
    return EXIT.ok;
  } catch (err) {
    if (err instanceof ProfileError || err instanceof UsageError) {
      status(io, err.message);
      return EXIT.userError;
    }
    if (isParseArgsError(err)) {
      status(io, `${err.message} (try --help)`);
      return EXIT.userError;
    }
    status(io, `preview failed: ${errorMessage(err)}`);
    return EXIT.failure;
  }
}

runCli('echo-tray preview', previewMain);

#!/usr/bin/env node
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT, status, stderrLogger, UsageError, type CliIo } from '../cli/cli-io.js';
import { channelLine } from '../cli/format.js';
import { isParseArgsError, runCli, untilAborted } from '../cli/run-cli.js';
import { systemClock } from '../util/clock.js';
import { startPreview, type Preview } from '../preview/start-preview.js';
import { errorMessage, errorReason } from '../util/error-reason.js';
import {
  allProfileChannelsSubscribed,
  DEMO_INTERVAL_ENV,
  demoIntervalMs,
  startDemoServerSide,
  type DemoServerSide,
} from './demo-server-side.js';
import { openBrowser } from './open-browser.js';

const HELP = `npm run demo [-- --open] [--interval MS] [--verbose]

A demo of Echo Tray with its whole server side on this machine: a real redis-server and
laravel-echo-server on free 127.0.0.1 ports and a DEMO stand-in for a Laravel app. The demo user is
logged in, the window is served as in \`npm run preview\`, and sample broadcasts are published as
Laravel does. Notifications the desktop app would show are printed here. Ctrl-C stops everything.

  --open          also open the address in the browser (where one exists)
  --interval MS   time between sample broadcasts (default 4000; also $${DEMO_INTERVAL_ENV})
  --verbose       log more
`;

export async function demoMain(argv: readonly string[], io: CliIo, stopSignal: AbortSignal): Promise<number> {
  let demo: DemoServerSide | undefined;
  let preview: Preview | undefined;
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        open: { type: 'boolean', default: false },
        interval: { type: 'string' },
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
    const intervalMs = demoIntervalMs(values.interval, io.env);
    const say = (line: string): void => void io.stdout.write(`${line}\n`);
    status(io, 'demo: starting redis-server, laravel-echo-server and the demo Laravel stand-in…');
    demo = await startDemoServerSide({ intervalMs, clock: systemClock, report: (line) => status(io, `demo: ${line}`) });
    const { stack } = demo;
    const redisAt = `redis-server pid ${stack.redis.process.pid ?? '?'} on ${stack.redis.url}`;
    status(io, `demo: ${redisAt}, laravel-echo-server pid ${stack.echo.process.pid ?? '?'} on ${stack.echo.url}`);
    status(io, `demo: Laravel stand-in on ${stack.laravel.url}, profile ${stack.profilePath}, logged in as ${demo.credentials.email}`);
    if (stopSignal.aborted) return EXIT.ok;
    preview = await startPreview({
      profile: stack.profile,
      bearerToken: stack.token,
      historyPath: join(stack.dir, 'history.jsonl'),
      logger: stderrLogger(io, values.verbose ?? false),
      print: say,
    });
    const samples = demo;
    const startSamples = (): void => {
      samples.startSamples().catch((err: unknown) => status(io, `demo: cannot publish samples: ${errorReason(err)}`));
    };
    const told = new Set<string>();
    preview.controller.on('push:channels', (channels) => {
      for (const c of channels) {
        const key = `${c.channel} ${c.state}`;
        if (c.state !== 'subscribed' && !told.has(key)) status(io, channelLine(c));
        told.add(key);
      }
      if (allProfileChannelsSubscribed(channels)) startSamples();
    });
    if (allProfileChannelsSubscribed(preview.controller.state().channels)) startSamples();
    io.stdout.write(`echo-tray demo: open ${preview.url}\n`);
    status(io, 'the address carries this run\'s key. Notifications the desktop app would show are printed below. Ctrl-C stops.');
    if (values.open) openBrowser(preview.url, (line) => status(io, line));
    await untilAborted(stopSignal);
    return EXIT.ok;
  } catch (err) {
    // Stopped while starting: the servers' helpers ended their processes on the signal already.
    if (stopSignal.aborted) {
      status(io, 'demo stopped while starting');
      return EXIT.ok;
    }
    if (err instanceof UsageError) {
      status(io, err.message);
      return EXIT.userError;
    }
    if (isParseArgsError(err)) {
      status(io, `${err.message} (try --help)`);
      return EXIT.userError;
    }
    status(io, `demo failed: ${errorMessage(err)}`);
    return EXIT.failure;
  } finally {
    await preview?.stop();
    await demo?.stop();
    if (demo) status(io, 'demo stopped: servers ended, temp files removed');
  }
}

runCli('echo-tray demo', demoMain);

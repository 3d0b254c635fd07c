import { EXIT, type CliIo } from './cli-io.js';

export type CliMain = (argv: readonly string[], io: CliIo, stopSignal: AbortSignal) => Promise<number>;

/** parseArgs' own errors (unknown option, missing value): the user's to fix. */
export function isParseArgsError(err: unknown): err is TypeError & { code: string } {
  return err instanceof TypeError && 'code' in err && typeof err.code === 'string' && err.code.startsWith('ERR_PARSE_ARGS');
}

/** Resolves once `signal` is aborted (at once if it already is). */
export function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/**
 * A command's process entry: the first SIGINT/SIGTERM asks `main` to stop (it cleans up and returns
 * an exit code), a second one exits at once. Listening with `on`, not `once`, keeps a handler
 * registered, so helpers that re-raise a signal nobody listens to (app/demo/servers) do not end the
 * process before `main` has cleaned up.
 */
export function runCli(name: string, main: CliMain): void {
  const controller = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (controller.signal.aborted) process.exit(EXIT.failure);
      controller.abort();
    });
  }
  const io: CliIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
  main(process.argv.slice(2), io, controller.signal).then(
    (code) => {
      process.exitCode = code;
      // Sockets and timers of a finished command must not keep the process alive.
      setImmediate(() => process.exit(code)).unref();
    },
    (err: unknown) => {
      process.stderr.write(`${name}: unexpected error: ${String(err)}\n`);
      process.exit(EXIT.failure);
    },
  );
}
